namespace NormLab.Bench.Anchors;

/// <summary>
/// A pinned float buffer whose first element sits on a 64-byte line, as non-temporal vector stores
/// require; filled with a fixed pattern so every anchor streams the same values.
/// </summary>
public sealed unsafe class AlignedBuffer
{
    private readonly float[] storage;
    private readonly int offset;

    public AlignedBuffer(int length)
    {
        storage = GC.AllocateArray<float>(length + 16, pinned: true);
        fixed (float* p = storage) offset = (int)((64 - (long)p % 64) % 64 / sizeof(float));
        Length = length;
        var rng = new Random(7);
        for (int i = 0; i < length; i++) Span[i] = (float)rng.NextDouble();
    }

    public int Length { get; }

    public Span<float> Span => storage.AsSpan(offset, Length);

    /// <summary>Stable: the array is pinned.</summary>
    public float* Pointer
    {
        get { fixed (float* p = storage) return p + offset; }
    }
}
