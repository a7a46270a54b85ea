namespace NormLab.Bench.Anchors;

/// <summary>
/// The bandwidth anchor: copies a buffer with every core, moving as many bytes (read + written) as
/// the kernel it is compared with. Below 64 KiB per core the copy runs on fewer threads, as a
/// kernel would: waking threads costs more than such a copy.
/// </summary>
public sealed class AllCoreCopy
{
    private const int MinBytesPerPart = 64 * 1024;
    private readonly byte[] source;
    private readonly byte[] target;
    private readonly int parts;

    /// <param name="bytesMoved">Bytes read plus bytes written; the copy reads and writes half each.</param>
    public AllCoreCopy(long bytesMoved)
    {
        if (bytesMoved < 2) throw new ArgumentException($"bytesMoved must be at least 2, was {bytesMoved}.", nameof(bytesMoved));
        int length = checked((int)(bytesMoved / 2));
        source = GC.AllocateArray<byte>(length, pinned: true);
        target = GC.AllocateArray<byte>(length, pinned: true);
        new Random(7).NextBytes(source);
        parts = Math.Clamp(length / MinBytesPerPart, 1, Environment.ProcessorCount);
    }

    public long BytesMoved => 2L * source.Length;

    public void Run()
    {
        if (parts == 1) { source.AsSpan().CopyTo(target); return; }
        Parallel.For(0, parts, CopyPart);
    }

    private void CopyPart(int part)
    {
        int start = (int)((long)source.Length * part / parts);
        int end = (int)((long)source.Length * (part + 1) / parts);
        source.AsSpan(start, end - start).CopyTo(target.AsSpan(start, end - start));
    }
}
