using System.Text.Json;
using NormLab.Results;
using NormLab.Reports.Data;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Gate;

/// <summary>`normlab gate`: loads the fresh results and the baseline, compares, prints the diff, returns the exit code.</summary>
public static class GateRun
{
    /// <summary>A baseline entry missing a field would otherwise read as 0 or null and pass everything as "new".</summary>
    private static readonly JsonSerializerOptions BaselineJson = new(ResultJson.Options)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static int Execute(string baselinePath, string resultsDirectory, bool update, TextWriter output, bool force = false)
    {
        if (!Directory.Exists(resultsDirectory))
            throw new DirectoryNotFoundException($"results folder {resultsDirectory} does not exist.");
        var inputs = ReportInputs.Load(resultsDirectory);
        if (inputs.Check is null && inputs.Verify is null && inputs.Kernels is null)
            throw new UsageException($"no results to gate in '{resultsDirectory}' (expected {ReportInputs.CheckFile}, {ReportInputs.VerifyFile} or {ReportInputs.KernelsFile}).");
        var fresh = GateBaseline.From(inputs);
        if (update) return Update(baselinePath, resultsDirectory, inputs, fresh, output, force);
        if (!File.Exists(baselinePath))
            throw new UsageException($"baseline '{baselinePath}' does not exist; create it with --update.");
        var baseline = ReadBaseline(baselinePath);
        var findings = RegressionGate.Compare(baseline, fresh, inputs);
        Print(findings, output);
        int unmeasured = Unmeasured(baseline, fresh).Count();
        int regressions = findings.Count(f => f.Regression);
        output.WriteLine($"gate: {findings.Count} compared, {regressions} regression(s), {unmeasured} baseline entries not measured in this run.");
        output.WriteLine(regressions == 0 ? "gate: PASS" : "gate: FAIL");
        return regressions == 0 ? 0 : 1;
    }

    /// <summary>
    /// Rewrites the baseline, but not from results that would lose it: none, failing cases, or a
    /// set that lacks a quantity the current baseline holds (a partial run). --force overrides.
    /// </summary>
    private static int Update(string baselinePath, string resultsDirectory, ReportInputs inputs, GateBaseline fresh, TextWriter output, bool force)
    {
        NormLab.IO.AtomicOutput.Require(baselinePath, "--baseline", Directory.EnumerateFiles(resultsDirectory, "*.json"));
        if (!force)
        {
            string? why = fresh.Accuracy.Count + fresh.Speed.Count == 0 ? "they hold no gated quantity"
                : (inputs.Check?.Count(r => !r.Pass) ?? 0) + (inputs.Verify?.Count(r => !r.Pass) ?? 0) is var failing and > 0 ? $"{failing} case(s) fail"
                : File.Exists(baselinePath) && Unmeasured(ReadBaseline(baselinePath), fresh).FirstOrDefault() is { } missing
                    ? $"they lack {missing}, which the baseline holds (a partial run)"
                : null;
            if (why is not null)
                throw new UsageException($"refusing to rewrite baseline {baselinePath} from {resultsDirectory}: {why}; pass --force to do it anyway.");
        }
        ResultJson.Write(baselinePath, fresh);
        output.WriteLine($"gate: baseline {baselinePath} rewritten ({fresh.Accuracy.Count} accuracy entries, {fresh.Speed.Count} speed entries).");
        return 0;
    }

    /// <summary>A baseline that parses, has entries, and whose every entry has all its fields.</summary>
    private static GateBaseline ReadBaseline(string path)
    {
        var baseline = ResultJson.Read<GateBaseline>(path, BaselineJson);
        if (baseline.Accuracy is null || baseline.Speed is null)
            throw new InvalidDataException($"{path}: a baseline needs both \"accuracy\" and \"speed\" lists.");
        if (baseline.Accuracy.Count + baseline.Speed.Count == 0)
            throw new InvalidDataException($"{path}: the baseline has no entries; rewrite it with --update.");
        return baseline;
    }

    private static IEnumerable<string> Unmeasured(GateBaseline baseline, GateBaseline fresh) =>
        baseline.Accuracy.Where(a => !fresh.Accuracy.Any(f => f.Source == a.Source && f.Key == a.Key)).Select(a => $"accuracy {a.Source} {a.Key}")
            .Concat(baseline.Speed.Where(s => !fresh.Speed.Any(f => f.Key == s.Key)).Select(s => $"speed {s.Key}"));

    private static void Print(IReadOnlyList<GateFinding> findings, TextWriter output)
    {
        var table = new MarkdownTable("", "metric", "key", "baseline", "fresh", "limit");
        foreach (var f in findings.OrderByDescending(f => f.Regression))
            table.Add(f.Regression ? "REGRESSION" : "ok", f.Metric, f.Key, f.Baseline, f.Fresh, f.Limit);
        output.Write(table.ToString());
    }
}
