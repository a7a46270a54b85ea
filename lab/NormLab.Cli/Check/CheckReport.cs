using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NormLab.Check;

namespace NormLab.Cli.Check;

/// <summary>Writes check results as JSON (camelCase, NaN/Inf as named literals) and as a Markdown summary table.</summary>
public static class CheckReport
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public static void WriteJson(string path, IReadOnlyList<CheckResult> results)
    {
        CreateDirectoryFor(path);
        NormLab.IO.AtomicOutput.WriteText(path, JsonSerializer.Serialize(results, Json));
    }

    /// <summary>"ilgpu-cpu v2" for a versioned backend's rows, else the backend's name.</summary>
    public static string Label(CheckResult r) => r.Version is null ? r.Backend : $"{r.Backend} {r.Version}";

    public static string Label(IKernelBackend b) => b.Version is null ? b.Name : $"{b.Name} {b.Version}";

    /// <summary>One line per variant × backend × dtype: cases, failures, worst errors and the bound at the worst case.</summary>
    public static IReadOnlyList<SummaryRow> Summarize(IReadOnlyList<CheckResult> results) =>
        results.GroupBy(r => (r.Variant, Backend: Label(r), r.Dtype))
            .Select(g =>
            {
                var worst = g.MaxBy(r => r.MaxUlp / r.Bound)!;
                return new SummaryRow(g.Key.Variant, g.Key.Backend, g.Key.Dtype, g.Count(), g.Count(r => !r.Pass),
                    g.Max(r => r.MaxAbsErr), g.Max(r => r.MaxRelErr), g.Max(r => r.MaxUlp), worst.Bound,
                    $"{worst.Rows}×{worst.D} {worst.Inputs}");
            })
            .ToList();

    public static string Markdown(IReadOnlyList<CheckResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# normlab check");
        sb.AppendLine();
        sb.AppendLine($"{results.Count} cases, {results.Count(r => !r.Pass)} failed. Errors against the float64 references; " +
                      "ULPs of the storage type at max(|ref|, row scale) — see README. Worst case = the case closest to its bound.");
        sb.AppendLine();
        sb.AppendLine("| variant | backend | dtype | cases | failed | max abs err | max rel err | max ULP | bound (worst case) | worst case |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in Summarize(results))
            sb.AppendLine($"| {s.Variant} | {s.Backend} | {s.Dtype} | {s.Cases} | {s.Failed} | {Number(s.MaxAbsErr)} | {Number(s.MaxRelErr)} | " +
                          $"{Number(s.MaxUlp)} | {Number(s.Bound)} | {s.WorstCase} |");
        return sb.ToString();
    }

    public static string Number(double v) => v.ToString(v != 0 && (Math.Abs(v) < 1e-3 || Math.Abs(v) >= 1e5) ? "0.00e+0" : "0.###", CultureInfo.InvariantCulture);

    public static void CreateDirectoryFor(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
    }
}

public sealed record SummaryRow(string Variant, string Backend, string Dtype, int Cases, int Failed, double MaxAbsErr, double MaxRelErr,
    double MaxUlp, double Bound, string WorstCase);
