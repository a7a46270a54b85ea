using NormLab.Results;

namespace NormLab.Models.Depth;

/// <summary>The depth analysis's measurements as the result records of depth.json (NormLab.Results).</summary>
public static class DepthResults
{
    public static IEnumerable<DepthRow> Rows(string source, string model, string variant, string precision, int seed, int depth,
        IEnumerable<LayerDepthStats> stats) =>
        stats.Select(s => new DepthRow(source, model, variant, precision, seed, depth, s.Layer, s.Variance, s.Rms, s.MaxAbs,
            s.MaxToMedian, s.AngularDistance));

    public static DepthStudySetup Setup(DepthStudyOptions o) => new(o.Dim, o.Heads, o.Hidden, o.Tokens, o.Depths, o.Seeds,
        $"all matrices and token embeddings N(0, {o.InitStd}^2), positions N(0, 0.01^2), biases 0, norm gains 1; no 1/sqrt(2L) writer scaling",
        "float32 (CPU kernels)");

    public static IReadOnlyList<DepthSummaryRow> Summary(IReadOnlyList<DepthStudyRun> runs, IReadOnlyList<int> depths)
    {
        var rows = new List<DepthSummaryRow>();
        int smallest = depths.Min();
        foreach (var group in runs.GroupBy(r => r.Variant))
        {
            double baseVariance = group.Average(r => At(r, smallest).Variance);
            foreach (int depth in depths.Order())
            {
                var finals = group.Select(r => At(r, depth)).ToArray();
                var variance = SeedSpread.Of(finals.Select(f => f.Variance));
                rows.Add(new DepthSummaryRow(group.Key.Label(), depth, variance, variance.Mean / baseVariance,
                    SeedSpread.Of(finals.Select(f => f.AngularDistance ?? double.NaN)),
                    SeedSpread.Of(group.Select(r => r.Stats.Where(s => s.Layer >= 1 && s.Layer <= depth).Average(s => s.AngularDistance ?? double.NaN))),
                    SeedSpread.Of(finals.Select(f => f.MaxToMedian))));
            }
        }
        return rows;
    }

    private static LayerDepthStats At(DepthStudyRun run, int layer) =>
        run.Stats.SingleOrDefault(s => s.Layer == layer)
        ?? throw new ArgumentException($"run {run.Variant.Label()} seed {run.Seed} has no layer {layer} (it has {run.Layers}).", nameof(run));
}
