using System.Text.Json;
using System.Text.Json.Serialization;
using NormLab.Models.Description;

namespace NormLab.Models.Formats.Safetensors;

/// <summary>The neutral description as JSON (camelCase, enums by name): stored in a converted file's metadata.</summary>
public static class ModelConfigJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static string Serialize(ModelConfig config) => JsonSerializer.Serialize(config, Options);

    public static ModelConfig Deserialize(string json, string where)
    {
        try
        {
            var config = JsonSerializer.Deserialize<ModelConfig>(json, Options) ?? throw new InvalidDataException($"{where}: empty model description.");
            config.Validate();
            return config;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{where}: invalid NormLab model description ({e.Message}).", e);
        }
    }
}
