using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Formats.HuggingFace;
using NormLab.Models.Formats.Layouts;

namespace NormLab.Models.Formats.Safetensors;

/// <summary>
/// Opens a safetensors checkpoint as a neutral model: a file NormLab wrote (its description in the
/// metadata, neutral tensor names), or a Hugging Face GPT-2, Llama or ViT checkpoint (config.json
/// beside it, names mapped by the layout). Tensors stay on disk until loaded.
/// </summary>
public static class SafetensorsModels
{
    public const string ConfigKey = "normlab.config";
    public const string NameKey = "normlab.name";

    private static readonly Func<Func<string, bool>, Func<HfConfig>, HfLayout?>[] Layouts =
        [Gpt2Layout.Detect, LlamaLayout.Detect, ViTLayout.Detect];

    public static NeutralModel Load(string path)
    {
        var file = SafetensorsFile.Open(path);
        string name = Path.GetFileNameWithoutExtension(path);
        if (file.Metadata.TryGetValue(ConfigKey, out string? json))
        {
            var config = ModelConfigJson.Deserialize(json, path);
            var reprojected = Reprojected(config, file);
            var set = new LazyTensorSet();
            foreach (var e in file.Entries)
                set.Set(e.Name, reprojected.TryGetValue(e.Name, out var axis)
                    ? () => StreamInputs.Center(file.Read(e.Name), axis)
                    : () => file.Read(e.Name));
            return new NeutralModel(file.Metadata.GetValueOrDefault(NameKey, name), config, set);
        }
        return FromLayout(file, name) ?? throw new InvalidDataException(
            $"{path}: neither a NormLab model (no {ConfigKey} metadata) nor a recognised Hugging Face layout (GPT-2, Llama, ViT); map its tensor names with --layout FILE (README \"Your own model\").");
    }

    /// <summary>A Hugging Face layout recognised from any tensor file's names (config.json beside it), or null.</summary>
    public static NeutralModel? FromLayout(ITensorFile file, string name)
    {
        foreach (var detect in Layouts)
            if (detect(file.Contains, () => HfConfig.ForWeights(file.Path)) is { } layout)
                return new NeutralModel(name, layout.Config, LayoutBinding.Bind(file, layout.Family, layout.Tensors));
        return null;
    }

    /// <summary>
    /// A zero-mean (recentered, uncompressed) model stored below float64: rounding each value to
    /// float32 leaves every row mean at ~1 ulp instead of 0, and compressing such a stream is then no
    /// longer exact. The stored tensors that write into the stream are projected back onto zero mean
    /// in float64 as they are read: each value moves by at most its own float32 rounding error.
    /// </summary>
    private static IReadOnlyDictionary<string, StreamAxis> Reprojected(ModelConfig config, SafetensorsFile file) =>
        config.ZeroMeanStream && !config.CompressedStream && file.Entries.Any(e => e.Type != StorageType.F64)
            ? StreamInputs.Of(config)
            : new Dictionary<string, StreamAxis>();

    /// <summary>Writes a neutral model (e.g. a converted one) that <see cref="Load"/> reads back.</summary>
    public static void Save(NeutralModel model, string path, StorageType type)
    {
        var metadata = new Dictionary<string, string> { [ConfigKey] = ModelConfigJson.Serialize(model.Config), [NameKey] = model.Name };
        SafetensorsWriter.Write(path, model.Weights, type, metadata);
    }
}
