using NormLab.Results;
using NormLab.Reports.Data;
using NormLab.Reports.Sections;

namespace NormLab.Reports.Gate;

/// <summary>Worst error of one kernel group (check) or one converted model form (verify).</summary>
public sealed record AccuracyEntry(string Source, string Key, double MaxUlp, double MaxRelErr);

/// <summary>Same-run speed ratios of one kernel at one shape.</summary>
public sealed record SpeedEntry(string Key, double VsCopy, double? VsOrt, double? VsScalar = null);

/// <summary>
/// What the gate compares: a compact snapshot of results, committed as the baseline and taken
/// fresh from reports/data. Only ratios measured within one run are kept for speed, never GB/s.
/// </summary>
public sealed record GateBaseline(IReadOnlyList<AccuracyEntry> Accuracy, IReadOnlyList<SpeedEntry> Speed)
{
    /// <summary>Speed is gated on shapes moving at least this many bytes: below, a call lasts microseconds and thread wake-up noise dominates.</summary>
    public const long MinGatedBytes = 8L << 20;

    public static GateBaseline From(ReportInputs inputs)
    {
        var accuracy = new List<AccuracyEntry>();
        if (inputs.Check is { } check)
        {
            foreach (var g in AccuracySection.Groups(check))
            {
                accuracy.Add(new AccuracyEntry("check", $"{g.Key.Variant}/{g.Key.Backend}/{g.Key.Dtype}",
                    AccuracySection.MaxFinite(g.Select(r => r.MaxUlp)), AccuracySection.MaxFinite(g.Select(r => r.MaxRelErr))));
            }
        }
        if (inputs.Verify is { } verify)
        {
            foreach (var g in VerificationSection.Groups(verify))
                accuracy.Add(new AccuracyEntry("verify", $"{g.Key.Model}/{g.Key.Variant}/{g.Key.Precision}", 0,
                    AccuracySection.MaxFinite(g.Select(r => r.MaxRelErr))));
        }
        var speed = (inputs.Kernels?.Rows ?? [])
            .Where(r => Targets.IsOurs(r) && r.BytesMoved >= MinGatedBytes)
            .Select(r => new SpeedEntry(KeyOf(r), r.VsCopy, r.VsOrt, r.VsScalar))
            .ToArray();
        return new GateBaseline(accuracy, speed);
    }

    public static string KeyOf(KernelBenchRow r) => $"{r.Variant}/{r.Backend}/{r.Dtype}/{r.Rows}x{r.D}";
}
