using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Safetensors;

namespace NormLab.Models.Conversions;

/// <summary>
/// `convert` on a neutral model: plan the chain to the target, apply it lazily, stream the converted
/// tensors into a safetensors file (neutral names + description in its metadata, so verify loads it
/// again), and write the manifest beside it (OUT.manifest.json).
/// </summary>
public static class ModelConverter
{
    public static ConversionManifest Convert(NeutralModel model, string source, string target, string outPath, StorageType dtype)
    {
        var steps = ConversionPlan.To(target, model.Config);
        var manifestSteps = new List<ManifestStep>();
        var c = model.Config;
        foreach (var step in steps)
        {
            manifestSteps.Add(new ManifestStep(step.Name, step.Changes(c)));
            c = step.Describe(c);
        }
        var converted = ConversionPlan.Apply(model, steps);
        converted = converted with { Name = $"{model.Name}-{target}" };
        SafetensorsModels.Save(converted, outPath, dtype);
        var manifest = new ConversionManifest(source, target, outPath, dtype.ToString(), manifestSteps, converted.Config, converted.Weights.Names.Count);
        manifest.Write(ManifestPath(outPath));
        return manifest;
    }

    public static string ManifestPath(string outPath) => outPath + ".manifest.json";
}
