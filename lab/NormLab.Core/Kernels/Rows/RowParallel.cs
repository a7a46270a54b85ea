namespace NormLab.Kernels.Rows;

/// <summary>Work on one independent item (a row, or a block of columns).</summary>
public interface IRowJob
{
    void Execute(int item);
}

/// <summary>
/// Spreads items over all cores in a static partition: Environment.ProcessorCount × 4 contiguous
/// chunks (contiguous rows stream well; ×4 evens out a slow core on a shared machine). Jobs are
/// unmanaged structs of pinned pointers, so the per-row work allocates nothing; the only allocation
/// is Parallel.For's own fixed, small dispatch cost (independent of rows and d). Work below
/// <see cref="InlineElements"/> runs on the calling thread: allocation-free, and faster than waking
/// the pool for a row or two.
/// </summary>
public static class RowParallel
{
    /// <summary>
    /// 40 Ki elements: on the 2-core machine a 32 Ki-element call (16 × 2048) ran faster inline and a 48 Ki one
    /// (64 × 768) faster on the pool (a one-off probe, not a lab command; `bench kernels --rows 1,64` shows the effect at the decode shapes).
    /// </summary>
    public const long InlineElements = 40 << 10;

    public static void For<TJob>(int items, long elementsPerItem, TJob job) where TJob : struct, IRowJob
    {
        int workers = Environment.ProcessorCount;
        if (items <= 1 || workers == 1 || items * Math.Max(elementsPerItem, 1) < InlineElements)
        {
            for (int i = 0; i < items; i++) job.Execute(i);
            return;
        }
        int chunks = Math.Min(items, workers * 4);
        Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)items * chunk / chunks), end = (int)((long)items * (chunk + 1) / chunks);
            for (int i = start; i < end; i++) job.Execute(i);
        });
    }
}
