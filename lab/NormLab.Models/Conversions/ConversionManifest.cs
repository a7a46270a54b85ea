using System.Text.Json;
using NormLab.Models.Description;
using NormLab.Models.Formats.Safetensors;

namespace NormLab.Models.Conversions;

/// <summary>One step of a conversion and what it changed, in words.</summary>
public sealed record ManifestStep(string Name, IReadOnlyList<string> Changes);

/// <summary>convert's JSON manifest: where from, to what, which steps changed what, the resulting description.</summary>
public sealed record ConversionManifest(string Source, string Target, string Output, string Dtype, IReadOnlyList<ManifestStep> Steps,
    ModelConfig Config, int Tensors)
{
    private static readonly JsonSerializerOptions Indented = new(ModelConfigJson.Options) { WriteIndented = true };

    public void Write(string path) => NormLab.IO.AtomicOutput.WriteText(path, JsonSerializer.Serialize(this, Indented));

    public static ConversionManifest Read(string path) =>
        JsonSerializer.Deserialize<ConversionManifest>(File.ReadAllText(path), ModelConfigJson.Options)
        ?? throw new InvalidDataException($"{path}: empty manifest.");
}
