using NormLab.Bench.Results;
using NormLab.Reports.Data;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Gate;

/// <summary>`normlab gate`: loads the fresh results and the baseline, compares, prints the diff, returns the exit code.</summary>
public static class GateRun
{
    public static int Execute(string baselinePath, string resultsDirectory, bool update, TextWriter output)
    {
        var inputs = ReportInputs.Load(resultsDirectory);
        if (inputs.Check is null && inputs.Verify is null && inputs.Kernels is null)
            throw new ArgumentException($"no results to gate in '{resultsDirectory}' (expected {ReportInputs.CheckFile}, {ReportInputs.VerifyFile} or {ReportInputs.KernelsFile}).", nameof(resultsDirectory));
        var fresh = GateBaseline.From(inputs);
        if (update)
        {
            ResultJson.Write(baselinePath, fresh);
            output.WriteLine($"gate: baseline {baselinePath} rewritten ({fresh.Accuracy.Count} accuracy entries, {fresh.Speed.Count} speed entries).");
            return 0;
        }
        if (!File.Exists(baselinePath))
            throw new ArgumentException($"baseline '{baselinePath}' does not exist; create it with --update.", nameof(baselinePath));
        var baseline = ResultJson.Read<GateBaseline>(baselinePath);
        var findings = RegressionGate.Compare(baseline, fresh, inputs);
        Print(findings, output);
        int unmeasured = baseline.Accuracy.Count(a => !fresh.Accuracy.Any(f => f.Source == a.Source && f.Key == a.Key))
            + baseline.Speed.Count(s => !fresh.Speed.Any(f => f.Key == s.Key));
        int regressions = findings.Count(f => f.Regression);
        output.WriteLine($"gate: {findings.Count} compared, {regressions} regression(s), {unmeasured} baseline entries not measured in this run.");
        output.WriteLine(regressions == 0 ? "gate: PASS" : "gate: FAIL");
        return regressions == 0 ? 0 : 1;
    }

    private static void Print(IReadOnlyList<GateFinding> findings, TextWriter output)
    {
        var table = new MarkdownTable("", "metric", "key", "baseline", "fresh", "limit");
        foreach (var f in findings.OrderByDescending(f => f.Regression))
            table.Add(f.Regression ? "REGRESSION" : "ok", f.Metric, f.Key, f.Baseline, f.Fresh, f.Limit);
        output.Write(table.ToString());
    }
}
