namespace NormLab.Models.Depth;

/// <summary>
/// The study at one depth L for one variant, over seeds: the final (L-th) layer's variance and its
/// growth against the smallest depth studied, the final layer's angular distance, and the angular
/// distance averaged over all L layers.
/// </summary>
public sealed record DepthSummaryRow(
    string Variant, int Depth, SeedSpread FinalVariance, double FinalVarianceGrowth, SeedSpread FinalAngularDistance,
    SeedSpread MeanAngularDistance, SeedSpread FinalMaxToMedian)
{
    public static IReadOnlyList<DepthSummaryRow> Of(IReadOnlyList<DepthStudyRun> runs, IReadOnlyList<int> depths)
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
