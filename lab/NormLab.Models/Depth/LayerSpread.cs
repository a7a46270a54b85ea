using NormLab.Results;

namespace NormLab.Models.Depth;

/// <summary>Per variant and layer, the spread over seeds of a study's statistic (what the figures draw).</summary>
public sealed record LayerSpread(DepthVariant Variant, int Layer, SeedSpread Variance, SeedSpread? AngularDistance, SeedSpread MaxToMedian)
{
    public static IReadOnlyList<LayerSpread> Of(IEnumerable<DepthStudyRun> runs) =>
        runs.GroupBy(r => r.Variant)
            .SelectMany(g => g.SelectMany(r => r.Stats).GroupBy(s => s.Layer).OrderBy(l => l.Key).Select(l => new LayerSpread(
                g.Key, l.Key,
                SeedSpread.Of(l.Select(s => s.Variance)),
                l.Key == 0 ? null : SeedSpread.Of(l.Select(s => s.AngularDistance ?? double.NaN)),
                SeedSpread.Of(l.Select(s => s.MaxToMedian)))))
            .ToArray();
}
