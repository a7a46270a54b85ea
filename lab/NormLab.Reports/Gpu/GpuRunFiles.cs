using NormLab.Check;
using NormLab.Results;
using System.Text.Json;

namespace NormLab.Reports.Gpu;

/// <summary>torch_forms.py's check of one form against the lab's float64 logits.</summary>
public sealed record FormCheck(string Shape, string Form, double MaxAbs, double? MaxRel, double Scale, double Tolerance, bool Pass);

/// <summary>torch_forms.py's timing of one form, dtype and phase; ratio = ms / Pre-LN's ms.</summary>
public sealed record FormTiming(string Shape, string Form, string Dtype, string Phase, int Batch, int Tokens, int Cache,
    double Ms, double MsMin, double MsMax, double? Ratio);

/// <summary>torch-forms.json.</summary>
public sealed record TorchFormsFile(Dictionary<string, JsonElement>? Meta, List<FormCheck> Checks, List<FormTiming> Rows);

/// <summary>The files of one device run (scripts/gpu/device-run.sh OUTDIR); each is null when missing, with its name kept for the report.</summary>
public sealed record GpuRunFiles(
    string Folder,
    IReadOnlyDictionary<string, string>? Versions,
    IReadOnlyList<string[]>? Steps,
    IReadOnlyList<CheckResult>? Check,
    GpuBenchResult? Bench,
    TorchFormsFile? Forms)
{
    public const string VersionsFile = "versions.txt", StepsFile = "steps.tsv", CheckFile = "check-cuda.json",
        BenchFile = "bench-gpu.json", FormsFile = "torch-forms.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static GpuRunFiles Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"--gpu {folder}: no such folder.");
        return new GpuRunFiles(folder, Read(folder, VersionsFile, VersionLines), Read(folder, StepsFile, TsvLines),
            Read(folder, CheckFile, t => JsonSerializer.Deserialize<List<CheckResult>>(t, Json)),
            Read(folder, BenchFile, t => JsonSerializer.Deserialize<GpuBenchResult>(t, Json)),
            Read(folder, FormsFile, t => JsonSerializer.Deserialize<TorchFormsFile>(t, Json)));
    }

    private static T? Read<T>(string folder, string name, Func<string, T?> parse) where T : class
    {
        string path = Path.Combine(folder, name);
        if (!File.Exists(path)) return null;
        try
        {
            return parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not the expected JSON ({e.Message}).", e);
        }
    }

    /// <summary>"key: value" lines; the first of each key wins.</summary>
    private static Dictionary<string, string> VersionLines(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
            if (line.IndexOf(':') is int colon and > 0) map.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        return map;
    }

    private static List<string[]> TsvLines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t'))];
}
