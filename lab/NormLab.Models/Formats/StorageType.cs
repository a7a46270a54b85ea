namespace NormLab.Models.Formats;

/// <summary>The element types the lab reads from checkpoints (little-endian, as safetensors and llama2.c store them).</summary>
public enum StorageType
{
    F64,
    F32,
    F16,
    BF16,
}

public static class StorageTypeExtensions
{
    public static int ByteSize(this StorageType type) => type switch
    {
        StorageType.F64 => 8,
        StorageType.F32 => 4,
        _ => 2,
    };
}
