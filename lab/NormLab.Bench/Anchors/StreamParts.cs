namespace NormLab.Bench.Anchors;

/// <summary>
/// Splits a streaming anchor over all cores in contiguous parts of whole 64-byte lines (so every part
/// of an aligned buffer starts aligned). Below 64 KiB per core fewer threads run, as a kernel would:
/// waking threads costs more than streaming such a part.
/// </summary>
public sealed class StreamParts
{
    private const int MinBytesPerPart = 64 * 1024;
    private const int LineFloats = 16;
    private readonly int length;

    /// <param name="length">Elements (floats) of the streamed buffer.</param>
    public StreamParts(int length)
    {
        this.length = length;
        Count = Math.Clamp(length * sizeof(float) / MinBytesPerPart, 1, Environment.ProcessorCount);
    }

    public int Count { get; }

    /// <summary>[start, end) of one part, in elements.</summary>
    public (int Start, int End) Range(int part)
    {
        int lines = (length + LineFloats - 1) / LineFloats;
        int start = (int)((long)lines * part / Count) * LineFloats;
        int end = Math.Min(length, (int)((long)lines * (part + 1) / Count) * LineFloats);
        return (start, end);
    }

    public void Run(Action<int, int> body)
    {
        if (Count == 1) { body(0, length); return; }
        Parallel.For(0, Count, part =>
        {
            var (start, end) = Range(part);
            body(start, end);
        });
    }
}
