namespace NormLab.Bench.Anchors;

/// <summary>
/// The copy anchor: copies a buffer with every core (<see cref="StreamParts"/>), moving as many bytes
/// (read + written) as the kernel it is compared with.
/// </summary>
public sealed unsafe class AllCoreCopy
{
    private readonly AlignedBuffer source;
    private readonly AlignedBuffer target;
    private readonly StreamParts parts;

    /// <param name="bytesMoved">Bytes read plus bytes written; the copy reads and writes half each.</param>
    public AllCoreCopy(long bytesMoved)
    {
        if (bytesMoved < 8) throw new ArgumentException($"bytesMoved must be at least 8, was {bytesMoved}.", nameof(bytesMoved));
        int length = checked((int)(bytesMoved / 8));
        source = new AlignedBuffer(length);
        target = new AlignedBuffer(length);
        parts = new StreamParts(length);
    }

    public long BytesMoved => 8L * source.Length;

    public void Run() => parts.Run((start, end) =>
        new ReadOnlySpan<float>(source.Pointer + start, end - start).CopyTo(new Span<float>(target.Pointer + start, end - start)));
}
