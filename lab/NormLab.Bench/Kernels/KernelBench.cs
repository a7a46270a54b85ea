using NormLab.Kernels;
using NormLab.Bench.Anchors;
using NormLab.Bench.Engine;
using NormLab.Results;

namespace NormLab.Bench.Kernels;

/// <summary>
/// `normlab bench kernels`: for each shape, times our kernels, ORT's nodes and the copies with
/// BenchmarkDotNet in rounds (every other round in reverse order, so drift on the shared machine
/// does not favour whoever runs first), then turns the per-round times into GB/s and ratios.
/// </summary>
public sealed class KernelBench(IReadOnlyList<KernelUnderTest> kernels, BdnProfile profile, float eps = 1e-5f)
{
    public const int Seed = 20240601;

    public KernelBenchResult Run(IEnumerable<(int Rows, int D)> shapes, Action<string>? progress = null)
    {
        var timer = new BdnTimer(profile);
        var rows = new List<KernelBenchRow>();
        foreach (var (r, d) in shapes)
        {
            progress?.Invoke($"{r} x {d}");
            using var subjects = new ShapeSubjects(kernels, r, d, eps, Seed);
            var times = new double[profile.Rounds][];
            for (int round = 0; round < profile.Rounds; round++)
            {
                var order = Enumerable.Range(0, subjects.Entries.Count).ToArray();
                if (round % 2 == 1) Array.Reverse(order);
                var seconds = timer.MedianSeconds(order.Select(i => subjects.Entries[i].Subject).ToArray());
                times[round] = new double[order.Length];
                for (int k = 0; k < order.Length; k++) times[round][order[k]] = seconds[k];
            }
            rows.AddRange(RowsOf(subjects, times));
        }
        return new KernelBenchResult(MachineCapture.Capture(), profile.Name, profile.Rounds,
            OrtNormForm.LayerNorm.ToString(), string.Join(" | ", OrtNormForm.RmsRunnable), rows, OrtRefusals(kernels));
    }

    /// <summary>"FORM DTYPE: reason" for every ORT form a compared kernel's dtype could not run in (e.g. no bfloat16 CPU kernel).</summary>
    private static IReadOnlyList<string> OrtRefusals(IReadOnlyList<KernelUnderTest> kernels) =>
        kernels.Where(k => k.ComparedWith is not null && k.Dtype != Dtype.Float32).Select(k => (k.ComparedWith!.Value, k.Dtype)).Distinct()
            .SelectMany(x => (x.Value == OrtNorm.LayerNorm ? [OrtNormForm.LayerNorm] : OrtNormForm.RmsRunnable)
                .Select(form => (form, x.Dtype, why: OrtNormAnchor.WhyNotSupported(form, x.Dtype))))
            .Where(x => x.why is not null)
            .Select(x => $"{x.form} {x.Dtype.Name()}: {x.why}")
            .ToArray();

    /// <summary>Rows of one shape from times[round][entry].</summary>
    public static IEnumerable<KernelBenchRow> RowsOf(ShapeSubjects subjects, double[][] times)
    {
        var entries = subjects.Entries;
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Kernel is null && entry.Ort is null) continue;
            int copy = subjects.Copies[entry.BytesMoved];
            var vsCopy = Ratio.PerRound(times, copy, i);
            double seconds = Ratio.Median(times.Select(t => t[i]));
            double gbps = entry.BytesMoved / seconds / 1e9;
            double copyGbps = entry.BytesMoved / Ratio.Median(times.Select(t => t[copy])) / 1e9;
            var limits = times.Select(t => subjects.Rooflines[entry.BytesMoved].Max(j => entries[j].BytesMoved / t[j])).ToArray();
            var vsRoofline = times.Select((t, round) => entry.BytesMoved / t[i] / limits[round]).ToArray();
            double[]? vsOrt = null;
            double? ortGbps = null, vsScalar = null;
            var ort = entry.Kernel is { ComparedWith: { } norm } kernel
                ? entries.Select((e, j) => (e, j)).Where(x => x.e.Ort?.Norm == norm && x.e.Ort.Dtype == kernel.Dtype).Select(x => x.j).ToArray()
                : [];
            if (ort.Length > 0)
            {
                // ORT at its best: the fastest of its forms in the same round.
                vsOrt = times.Select(t => ort.Min(j => t[j]) / t[i]).ToArray();
                ortGbps = entries[ort[0]].BytesMoved / Ratio.Median(times.Select(t => ort.Min(j => t[j]))) / 1e9;
            }
            if (entry.Kernel is { Backend: not "scalar" } fast)
            {
                int scalar = entries.FindIndex(e => e.Kernel is { Backend: "scalar" } s && s.Variant == fast.Variant && s.Dtype == fast.Dtype);
                if (scalar >= 0) vsScalar = Ratio.Median(Ratio.PerRound(times, scalar, i));
            }
            yield return new KernelBenchRow(
                entry.Kernel?.Variant ?? entry.Ort!.Norm switch { OrtNorm.LayerNorm => "LayerNorm", _ => "RMSNorm" },
                entry.Kernel?.Backend ?? $"ort:{entry.Ort!.Form.OpType}",
                (entry.Kernel?.Dtype ?? entry.Ort!.Dtype).Name(),
                subjects.Rows, subjects.D, entry.BytesMoved, seconds, gbps, copyGbps,
                Ratio.Median(vsCopy), vsCopy.Min(), vsCopy.Max(),
                ortGbps, vsOrt is null ? null : Ratio.Median(vsOrt), vsOrt?.Min(), vsOrt?.Max(), vsScalar,
                Ratio.Median(limits) / 1e9, Ratio.Median(vsRoofline), vsRoofline.Min(), vsRoofline.Max());
        }
    }
}
