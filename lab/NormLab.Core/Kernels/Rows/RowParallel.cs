namespace NormLab.Kernels.Rows;

/// <summary>Work on one independent item (a row, or a block of columns).</summary>
public interface IRowJob
{
    void Execute(int item);
}

/// <summary>
/// Spreads items over all cores: Environment.ProcessorCount × 4 contiguous chunks (contiguous rows
/// stream well; ×4 evens out a slow core on a shared machine), taken in turn by the calling thread and
/// ProcessorCount − 1 thread-pool helpers from one shared counter: one queued work item per helper,
/// no partitioner or task machinery, which is the per-call cost decode shapes pay. Jobs are unmanaged
/// structs of pinned pointers, so the per-row work allocates nothing; a call that goes parallel
/// allocates its small shared state. Work below <see cref="InlineElements"/> runs on the calling
/// thread: allocation-free, and faster than waking a helper for a row or two.
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
        int helpers = Math.Min(workers, items) - 1;
        var shared = new SharedRows<TJob>(job, items, Math.Min(items, workers * 4));
        for (int h = 0; h < helpers; h++) ThreadPool.UnsafeQueueUserWorkItem(shared, preferLocal: false);
        shared.Work();
        shared.WaitForChunks();
    }

    /// <summary>
    /// One call's chunks, claimed from an interlocked counter. The caller waits for the chunks, not for
    /// the helpers: it takes every chunk no helper has claimed, so a helper the pool starts late (or
    /// never, on a saturated pool) finds nothing left and touches nothing; whoever finishes the last chunk
    /// sets the event.
    /// </summary>
    private sealed class SharedRows<TJob>(TJob job, int items, int chunks) : IThreadPoolWorkItem where TJob : struct, IRowJob
    {
        private readonly ManualResetEventSlim done = new(false);
        private int next = -1;
        private int finished;
        private Exception? failure;

        void IThreadPoolWorkItem.Execute() => Work();

        public void Work()
        {
            for (int chunk = Interlocked.Increment(ref next); chunk < chunks; chunk = Interlocked.Increment(ref next))
            {
                try
                {
                    int start = (int)((long)items * chunk / chunks), end = (int)((long)items * (chunk + 1) / chunks);
                    for (int i = start; i < end; i++) job.Execute(i);
                }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
                finally { if (Interlocked.Increment(ref finished) == chunks) done.Set(); }
            }
        }

        /// <summary>Returns when every chunk is done; a helper's exception is rethrown here, on the caller.</summary>
        public void WaitForChunks()
        {
            // Not disposed: the helper that set it may still be inside Set; an undisposed slim event holds no handle unless a wait blocked.
            done.Wait();
            if (failure is not null) throw new AggregateException(failure);
        }
    }
}
