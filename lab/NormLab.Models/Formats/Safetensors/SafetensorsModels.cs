using NormLab.Models.Description;
using NormLab.Models.Formats.HuggingFace;

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
            var set = new LazyTensorSet();
            foreach (var e in file.Entries) set.Set(e.Name, () => file.Read(e.Name));
            return new NeutralModel(file.Metadata.GetValueOrDefault(NameKey, name), ModelConfigJson.Deserialize(json, path), set);
        }
        return FromLayout(file, name) ?? throw new InvalidDataException(
            $"{path}: neither a NormLab model (no {ConfigKey} metadata) nor a recognised Hugging Face layout (GPT-2, Llama, ViT).");
    }

    /// <summary>A Hugging Face layout recognised from any container's tensor names (config.json beside it), or null.</summary>
    public static NeutralModel? FromLayout(ITensorContainer file, string name)
    {
        foreach (var detect in Layouts)
            if (detect(file.Contains, () => HfConfig.ForWeights(file.Path)) is { } layout)
                return new NeutralModel(name, layout.Config, Map(file, layout));
        return null;
    }

    /// <summary>Writes a neutral model (e.g. a converted one) that <see cref="Load"/> reads back.</summary>
    public static void Save(NeutralModel model, string path, StorageType type)
    {
        var metadata = new Dictionary<string, string> { [ConfigKey] = ModelConfigJson.Serialize(model.Config), [NameKey] = model.Name };
        SafetensorsWriter.Write(path, model.Weights, type, metadata);
    }

    private static LazyTensorSet Map(ITensorContainer file, HfLayout layout)
    {
        var set = new LazyTensorSet();
        foreach (var t in layout.Tensors)
        {
            if (!file.Contains(t.Checkpoint))
                throw new InvalidDataException($"{file.Path}: {layout.Family} layout expects tensor {t.Checkpoint} (for {t.Neutral}); it is missing.");
            set.Set(t.Neutral, () => Transform(file.Read(t.Checkpoint, t.Neutral), t.Transform));
        }
        return set;
    }

    private static Tensor Transform(Tensor t, HfTransform transform)
    {
        switch (transform)
        {
            case HfTransform.Transpose:
                if (t.Shape.Length != 2) throw new InvalidDataException($"tensor {t.Name}: expected a matrix to transpose, shape [{string.Join(", ", t.Shape)}].");
                int rows = t.Shape[0], cols = t.Shape[1];
                var data = new double[t.Data.Length];
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++) data[c * rows + r] = t.Data[r * cols + c];
                return new Tensor(t.Name, [cols, rows], data);
            case HfTransform.Squeeze:
                return new Tensor(t.Name, t.Shape.SkipWhile(s => s == 1).ToArray() is { Length: > 0 } s ? s : [1], t.Data);
            default:
                return t;
        }
    }
}
