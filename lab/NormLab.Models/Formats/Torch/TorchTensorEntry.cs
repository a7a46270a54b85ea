namespace NormLab.Models.Formats.Torch;

/// <summary>
/// One tensor of a torch checkpoint: a strided view into a storage (zip member data/KEY). Type is null
/// for storages the lab does not widen (integer, bool, complex); reading such a tensor is refused.
/// </summary>
public sealed record TorchTensorEntry(
    string Name, string StorageClass, StorageType? Type, int[] Shape, string StorageKey, long StorageOffset, long[] Strides)
{
    internal TorchStorage Storage { get; init; } = null!;

    public long Count => Shape.Aggregate(1L, (a, s) => checked(a * s));

    /// <summary>Elements of the storage the view spans from its offset: 1 + Σ (size − 1)·stride, or 0 when empty.</summary>
    public long Extent => Count == 0 ? 0 : checked(1 + Shape.Select((s, d) => (s - 1L) * Strides[d]).Sum());
}
