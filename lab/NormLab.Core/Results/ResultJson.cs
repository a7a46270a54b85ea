using System.Text.Json;
using System.Text.Json.Serialization;

namespace NormLab.Results;

/// <summary>The lab's JSON conventions: camelCase, indented, NaN/Infinity allowed as named literals.</summary>
public static class ResultJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write<T>(string path, T value) =>
        NormLab.IO.AtomicOutput.WriteText(path, JsonSerializer.Serialize(value, Options) + "\n");

    /// <summary>Reads a result file; a malformed one is an InvalidDataException naming the file.</summary>
    public static T Read<T>(string path, JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(NormLab.IO.InputFile.RequireRegular(path, "result file")), options ?? Options)
                ?? throw new InvalidDataException($"{path}: the file holds null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid {typeof(T).Name} JSON file: {e.Message}", e);
        }
    }
}
