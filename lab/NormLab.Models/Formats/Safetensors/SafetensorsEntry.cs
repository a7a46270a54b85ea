namespace NormLab.Models.Formats.Safetensors;

/// <summary>One tensor in a safetensors file: type, shape and its byte range within the data section.</summary>
public sealed record SafetensorsEntry(string Name, StorageType Type, int[] Shape, long Begin, long End)
{
    public long Count => Shape.Aggregate(1L, (a, s) => a * s);
}
