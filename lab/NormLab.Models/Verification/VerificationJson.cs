using NormLab.Results;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NormLab.Models.Verification;

/// <summary>verify's JSON: an array of <see cref="VerificationRow"/>, camelCase, NaN/Inf as named literals.</summary>
public static class VerificationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public static void Write(string path, IEnumerable<VerificationRow> rows) =>
        NormLab.IO.AtomicOutput.WriteText(path, JsonSerializer.Serialize(rows.ToList(), Options));

    public static IReadOnlyList<VerificationRow> Read(string path) =>
        JsonSerializer.Deserialize<List<VerificationRow>>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path}: not a verify JSON array.");
}
