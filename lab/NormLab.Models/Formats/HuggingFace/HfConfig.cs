using System.Text.Json;
using NormLab.IO;

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
        InputFile.RequireRegular(path, "config.json");
        if (new FileInfo(path).Length > MaxBytes)
            throw new InvalidDataException($"{path}: {new FileInfo(path).Length} bytes is too large for a config.json (limit {MaxBytes}).");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: expected a JSON object, found {doc.RootElement.ValueKind}.");
            return new HfConfig(path, doc.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Real configs are a few KB; the cap keeps a hostile one from being read whole.</summary>
    public const long MaxBytes = 1 << 20;

    /// <summary>A whole number ≥ 0 (a size or a count); 1e9, 7.5, -1 or "12" are errors naming the field.</summary>
    public int Int(string key, int? fallback = null)
    {
        if (Get(key) is not { } v) return fallback ?? throw Missing(key);
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n >= 0) return n;
        throw new InvalidDataException($"{path}: field \"{key}\" must be a whole number ≥ 0, found {v.GetRawText()}.");
    }

    /// <summary>A whole number ≥ 1: a count that other sizes are divided by (heads, patch size).</summary>
    public int Positive(string key, int? fallback = null)
    {
        int n = Int(key, fallback);
        return n > 0 ? n : throw new InvalidDataException($"{path}: field \"{key}\" must be ≥ 1, found {n}.");
    }

    public double Double(string key, double? fallback = null)
    {
        if (Get(key) is not { } v) return fallback ?? throw Missing(key);
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double x) && double.IsFinite(x)) return x;
        throw new InvalidDataException($"{path}: field \"{key}\" must be a finite number, found {v.GetRawText()}.");
    }

    /// <summary>Checks the description read from this file before a layout enumerates its layers; errors name this file.</summary>
    public Description.ModelConfig Checked(Description.ModelConfig config)
    {
        try
        {
            config.Validate();
            return config;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public bool Bool(string key, bool fallback) =>
        Get(key) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : fallback;

    public string? String(string key) => Get(key) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>Number of entries of an object field (e.g. id2label), or null.</summary>
    public int? Count(string key) => Get(key) is { ValueKind: JsonValueKind.Object } v ? v.EnumerateObject().Count() : null;

    private JsonElement? Get(string key) => root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private InvalidDataException Missing(string key) => new($"{path}: required field \"{key}\" is missing.");
}
