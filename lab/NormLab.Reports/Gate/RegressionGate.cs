using NormLab.Reports.Data;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Gate;

/// <summary>
/// Compares fresh results with the baseline. Accuracy is absolute: any failing check/verify case
/// is a regression, and so is a worst error that grew past baseline × <see cref="ErrorGrowth"/>
/// (+ <see cref="UlpSlack"/> ULP). Speed is relative: a same-run ratio (ours/copy, ours/ORT, SIMD/scalar) below
/// baseline × <see cref="SpeedTolerance"/> is a regression. Quantities measured on only one side are
/// listed, not judged (a CI run times a subset of the grid).
/// </summary>
public static class RegressionGate
{
    /// <summary>
    /// Ratios on this shared 2-core machine swing by up to ~30 % between runs even as medians of
    /// interleaved rounds; 0.6 leaves room for that and still catches what matters: lost SIMD
    /// (3–10× slower), lost parallelism (2× on 2 cores) or an extra pass over memory (≥ 1.7×).
    /// </summary>
    public const double SpeedTolerance = 0.6;

    /// <summary>Errors are deterministic up to thread scheduling of reductions; doubling is a real change.</summary>
    public const double ErrorGrowth = 2.0;

    public const double UlpSlack = 1.0;

    public static IReadOnlyList<GateFinding> Compare(GateBaseline baseline, GateBaseline fresh, ReportInputs freshInputs)
    {
        var findings = new List<GateFinding>();
        foreach (var r in freshInputs.Check?.Where(r => !r.Pass) ?? [])
            findings.Add(new("check case failed", $"{r.Variant}/{r.Backend}/{r.Dtype} {r.Rows}x{r.D} {r.Inputs}", "pass", "FAIL",
                $"bound {Format.Error(r.Bound)}", true));
        foreach (var r in freshInputs.Verify?.Where(r => !r.Pass) ?? [])
            findings.Add(new("verify row failed", $"{r.Model}/{r.Variant}/{r.Precision}/{r.Layer}", "pass", "FAIL",
                $"rel err {Format.Error(r.MaxRelErr)}", true));

        var oldAccuracy = baseline.Accuracy.ToDictionary(a => (a.Source, a.Key));
        foreach (var now in fresh.Accuracy)
        {
            if (!oldAccuracy.TryGetValue((now.Source, now.Key), out var was)) { findings.Add(New("accuracy", now.Key)); continue; }
            double ulpLimit = was.MaxUlp * ErrorGrowth + UlpSlack;
            if (now.Source == "check")
                findings.Add(new("max ULP", now.Key, Format.Fixed(was.MaxUlp, 0), Format.Fixed(now.MaxUlp, 0), $"≤ {Format.Fixed(ulpLimit, 0)}", now.MaxUlp > ulpLimit));
            double relLimit = Math.Max(was.MaxRelErr * ErrorGrowth, 1e-300);
            findings.Add(new($"{now.Source} max rel err", now.Key, Format.Error(was.MaxRelErr), Format.Error(now.MaxRelErr),
                $"≤ {Format.Error(relLimit)}", now.MaxRelErr > relLimit));
        }

        var oldSpeed = baseline.Speed.ToDictionary(s => s.Key);
        foreach (var now in fresh.Speed)
        {
            if (!oldSpeed.TryGetValue(now.Key, out var was)) { findings.Add(New("speed", now.Key)); continue; }
            findings.Add(Ratio("ours/copy", now.Key, was.VsCopy, now.VsCopy));
            if (was.VsOrt is { } o && now.VsOrt is { } n) findings.Add(Ratio("ours/ORT", now.Key, o, n));
            if (was.VsScalar is { } s && now.VsScalar is { } t) findings.Add(Ratio("SIMD/scalar", now.Key, s, t));
        }
        return findings;
    }

    private static GateFinding Ratio(string metric, string key, double was, double now) =>
        new(metric, key, Format.Fixed(was, 2), Format.Fixed(now, 2), $"≥ {Format.Fixed(was * SpeedTolerance, 2)}", now < was * SpeedTolerance);

    private static GateFinding New(string metric, string key) => new(metric, key, "–", "new", "not in baseline", false);
}
