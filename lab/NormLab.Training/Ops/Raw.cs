namespace NormLab.Training.Ops;

/// <summary>A pinned span as pointer + length, so a Parallel.For body can capture it (valid only inside the fixed block).</summary>
internal readonly unsafe struct Raw<T>(T* pointer, int length) where T : unmanaged
{
    public Span<T> Span => new(pointer, length);
}
