using System.Globalization;
using System.Text.Json;
using NormLab.Models.Description;
using NormLab.Models.Formats.HuggingFace;
using NormLab.Models.Formats.Safetensors;

namespace NormLab.Models.Formats.Layouts;

/// <summary>
/// A declarative layout (README "your own model"): a JSON file mapping a checkpoint's tensor names
/// onto the neutral model. "config" is the neutral description (<see cref="ModelConfig"/>'s fields,
/// camelCase, enums by name); "tensors" maps neutral names to checkpoint names; "blocks" does the
/// same once per layer with {i} standing for the layer index on both sides; "linearWeights":
/// "in_out" transposes every linear weight (GPT-2's Conv1D); "keyPath" picks the state dict inside a
/// nested checkpoint. A value is a checkpoint name, or {"from": NAME, "transform": "none" |
/// "transpose" | "squeeze", "optional": BOOL} (optional: skipped when the checkpoint lacks it, e.g. a bias).
/// </summary>
public sealed record LayoutFile(string Path, string Family, string? KeyPath, ModelConfig Config, IReadOnlyList<HfTensor> Tensors)
{
    private const string LayerToken = "{i}";

    public static LayoutFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"layout file not found: {path}", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses a layout; every error names <paramref name="where"/> and the offending field.</summary>
    public static LayoutFile Parse(ReadOnlySpan<byte> json, string where)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.ToArray()); }
        catch (JsonException e) { throw new InvalidDataException($"{where}: not valid JSON ({e.Message}).", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: a layout is a JSON object.");
            foreach (var p in root.EnumerateObject())
                if (p.Name is not ("family" or "keyPath" or "config" or "linearWeights" or "tensors" or "blocks" or "comment"))
                    throw new InvalidDataException($"{where}: unknown field \"{p.Name}\" (expected family, keyPath, config, linearWeights, tensors, blocks, comment).");
            string family = OptionalString(root, "family", where) ?? System.IO.Path.GetFileNameWithoutExtension(where);
            if (!root.TryGetProperty("config", out var configJson) || configJson.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{where}: field \"config\" (the neutral model description) is missing.");
            var config = ModelConfigJson.Deserialize(configJson.GetRawText(), $"{where}: config");
            bool inOut = (OptionalString(root, "linearWeights", where) ?? "out_in") switch
            {
                "out_in" => false,
                "in_out" => true,
                var other => throw new InvalidDataException($"{where}: \"linearWeights\" must be \"out_in\" or \"in_out\", was \"{other}\"."),
            };
            var entries = new List<Entry>();
            if (root.TryGetProperty("tensors", out var tensors)) entries.AddRange(Entries(tensors, "tensors", where, null));
            if (root.TryGetProperty("blocks", out var blocks))
                for (int l = 0; l < config.Layers; l++) entries.AddRange(Entries(blocks, "blocks", where, l));
            var duplicate = entries.GroupBy(e => e.Neutral).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new InvalidDataException($"{where}: neutral tensor {duplicate.Key} is mapped twice.");
            return new LayoutFile(where, family, OptionalString(root, "keyPath", where), config,
                entries.Select(e => new HfTensor(e.Neutral, e.From, e.Transform ?? (inOut && TensorNames.IsLinearWeight(e.Neutral) ? HfTransform.Transpose : HfTransform.None)))
                    .ToList())
            { Optional = entries.Where(e => e.Optional).Select(e => e.Neutral).ToHashSet(StringComparer.Ordinal) };
        }
    }

    /// <summary>Neutral names that may be absent from the checkpoint.</summary>
    public IReadOnlySet<string> Optional { get; init; } = new HashSet<string>();

    /// <summary>The model: the mapped tensors of <paramref name="file"/> (optional ones it lacks left out), checked against the config.</summary>
    public NeutralModel Bind(ITensorFile file, string name)
    {
        var present = Tensors.Where(t => !Optional.Contains(t.Neutral) || file.Contains(t.Checkpoint)).ToList();
        var weights = LayoutBinding.Bind(file, $"{Family} (layout {Path})", present);
        var missing = NeutralTensors.Required(Config).FirstOrDefault(n => !weights.Contains(n));
        if (missing is not null)
            throw new InvalidDataException($"{Path}: the config needs neutral tensor {missing}, which the layout does not map.");
        return new NeutralModel(name, Config, weights);
    }

    private sealed record Entry(string Neutral, string From, HfTransform? Transform, bool Optional);

    private static IEnumerable<Entry> Entries(JsonElement map, string field, string where, int? layer)
    {
        if (map.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: \"{field}\" must be an object of neutral name → checkpoint name.");
        foreach (var p in map.EnumerateObject())
        {
            string neutral = Expand(p.Name, layer), at = $"{where}: {field}.{p.Name}";
            if (layer is null && p.Name.Contains(LayerToken, StringComparison.Ordinal))
                throw new InvalidDataException($"{at}: {LayerToken} belongs in \"blocks\", not \"tensors\".");
            if (layer is not null && !p.Name.Contains(LayerToken, StringComparison.Ordinal))
                throw new InvalidDataException($"{at}: a \"blocks\" name needs {LayerToken} (e.g. blocks.{LayerToken}.attn.o.weight).");
            switch (p.Value.ValueKind)
            {
                case JsonValueKind.String:
                    yield return new Entry(neutral, Expand(p.Value.GetString()!, layer), null, false);
                    break;
                case JsonValueKind.Object:
                    string from = OptionalString(p.Value, "from", at) ?? throw new InvalidDataException($"{at}: \"from\" (the checkpoint tensor name) is missing.");
                    HfTransform? transform = OptionalString(p.Value, "transform", at) switch
                    {
                        null => null,
                        "none" => HfTransform.None,
                        "transpose" => HfTransform.Transpose,
                        "squeeze" => HfTransform.Squeeze,
                        var other => throw new InvalidDataException($"{at}: \"transform\" must be none, transpose or squeeze, was \"{other}\"."),
                    };
                    bool optional = p.Value.TryGetProperty("optional", out var o) && o.ValueKind == JsonValueKind.True;
                    yield return new Entry(neutral, Expand(from, layer), transform, optional);
                    break;
                default:
                    throw new InvalidDataException($"{at}: expected a checkpoint tensor name or {{\"from\": ...}}.");
            }
        }
    }

    private static string Expand(string name, int? layer) =>
        layer is { } l ? name.Replace(LayerToken, l.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) : name;

    private static string? OptionalString(JsonElement e, string key, string where) =>
        !e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new InvalidDataException($"{where}: \"{key}\" must be a string.");
}
