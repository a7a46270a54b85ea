using System.Text.Json;

namespace NormLab.Models.Formats.HuggingFace;

/// <summary>A Hugging Face config.json (read from beside the weights): typed look-ups with clear errors.</summary>
public sealed class HfConfig(string path, JsonElement root)
{
    public string Path => path;

    public static HfConfig ForWeights(string weightsPath)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(weightsPath)) ?? ".", "config.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{weightsPath}: a Hugging Face checkpoint needs its config.json beside it (looked for {path}).", path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return new HfConfig(path, doc.RootElement.Clone());
    }

    public int Int(string key, int? fallback = null) =>
        Get(key) is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : fallback ?? throw Missing(key);

    public double Double(string key, double? fallback = null) =>
        Get(key) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : fallback ?? throw Missing(key);

    public bool Bool(string key, bool fallback) =>
        Get(key) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : fallback;

    public string? String(string key) => Get(key) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>Number of entries of an object field (e.g. id2label), or null.</summary>
    public int? Count(string key) => Get(key) is { ValueKind: JsonValueKind.Object } v ? v.EnumerateObject().Count() : null;

    private JsonElement? Get(string key) => root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private InvalidDataException Missing(string key) => new($"{path}: required field \"{key}\" is missing.");
}
