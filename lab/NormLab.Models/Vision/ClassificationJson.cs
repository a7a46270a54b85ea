using NormLab.Results;
using System.Text.Json;
using NormLab.Models.Verification;

namespace NormLab.Models.Vision;

/// <summary>verify's data-set results (reports/data/vit-mnist.json): an array of <see cref="ClassificationResult"/>, camelCase.</summary>
public static class ClassificationJson
{
    public static void Write(string path, IEnumerable<ClassificationResult> results) =>
        NormLab.IO.AtomicOutput.WriteText(path, JsonSerializer.Serialize(results.ToList(), VerificationJson.Options));

    public static IReadOnlyList<ClassificationResult> Read(string path) =>
        JsonSerializer.Deserialize<List<ClassificationResult>>(File.ReadAllText(path), VerificationJson.Options)
        ?? throw new InvalidDataException($"{path}: not a classification JSON array.");
}
