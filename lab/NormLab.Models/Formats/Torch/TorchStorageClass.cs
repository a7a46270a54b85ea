namespace NormLab.Models.Formats.Torch;

/// <summary>A torch storage class (torch.FloatStorage, ...): its element size, and the lab's type when the lab reads it.</summary>
internal sealed record TorchStorageClass(string Name, int ElementSize, StorageType? Type)
{
    /// <summary>Every storage class torch.save emits for a dense tensor; only the floating ones the lab widens have a type.</summary>
    public static readonly IReadOnlyDictionary<string, TorchStorageClass> ByName = new TorchStorageClass[]
    {
        new("DoubleStorage", 8, StorageType.F64),
        new("FloatStorage", 4, StorageType.F32),
        new("HalfStorage", 2, StorageType.F16),
        new("BFloat16Storage", 2, StorageType.BF16),
        new("LongStorage", 8, null),
        new("IntStorage", 4, null),
        new("ShortStorage", 2, null),
        new("CharStorage", 1, null),
        new("ByteStorage", 1, null),
        new("BoolStorage", 1, null),
        new("ComplexFloatStorage", 8, null),
        new("ComplexDoubleStorage", 16, null),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);
}
