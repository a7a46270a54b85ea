using NormLab.Results;
using NormLab.Reports.Depth;

namespace NormLab.Cli.Commands;

/// <summary>
/// The depth figures (reports/figures/depth-*.png|svg) from a depth document: the study's variance,
/// angular distance and max/median per layer for the three variants with their seed bands, and the
/// models' per-layer variance and angular distance.
/// </summary>
public static class DepthFigures
{
    public static IReadOnlyList<string> Write(DepthDocument doc, string folder)
    {
        var files = new List<string>();
        var study = doc.Rows.Where(r => r.Source == DepthRow.StudySource).ToArray();
        if (study.Length > 0)
        {
            files.AddRange(DepthFigure.Save(Path.Combine(folder, "depth-variance"),
                "Hidden-state variance after each block at init (mean, min-max band over seeds)", "layer", "variance",
                logY: true, Curves(study, r => r.Variance, fromLayer: 0)));
            files.AddRange(DepthFigure.Save(Path.Combine(folder, "depth-angular"),
                "Angular distance between the stream before and after each block at init", "layer", "angular distance arccos(cos)/π",
                logY: true, Curves(study, r => r.AngularDistance ?? double.NaN, fromLayer: 1), legendRight: true));
            files.AddRange(DepthFigure.Save(Path.Combine(folder, "depth-massive"),
                "max|x| / median|x| of the stream after each block at init", "layer", "max/median", logY: false,
                Curves(study, r => r.MaxToMedian, fromLayer: 0)));
        }
        var models = doc.Rows.Where(r => r.Source == DepthRow.ModelSource).ToArray();
        if (models.Length > 0)
        {
            files.AddRange(DepthFigure.Save(Path.Combine(folder, "depth-models-variance"),
                "Real and GPT-2-shaped models: hidden-state variance after each block", "layer", "variance", logY: true,
                ModelCurves(models, r => r.Variance, fromLayer: 0)));
            files.AddRange(DepthFigure.Save(Path.Combine(folder, "depth-models-angular"),
                "Real and GPT-2-shaped models: angular distance of each block", "layer", "angular distance", logY: false,
                ModelCurves(models, r => r.AngularDistance ?? double.NaN, fromLayer: 1), legendRight: true));
        }
        return files;
    }

    private static DepthCurve[] Curves(IEnumerable<DepthRow> rows, Func<DepthRow, double> value, int fromLayer) =>
        rows.Where(r => r.Layer >= fromLayer).GroupBy(r => r.Variant).Select(v =>
        {
            var layers = v.GroupBy(r => r.Layer).OrderBy(l => l.Key).Select(l => (l.Key, Spread: SeedSpread.Of(l.Select(value)))).ToArray();
            return new DepthCurve(v.Key, layers.Select(l => (double)l.Key).ToArray(), layers.Select(l => l.Spread.Mean).ToArray(),
                layers.Select(l => l.Spread.Min).ToArray(), layers.Select(l => l.Spread.Max).ToArray());
        }).ToArray();

    private static DepthCurve[] ModelCurves(IEnumerable<DepthRow> rows, Func<DepthRow, double> value, int fromLayer) =>
        rows.Where(r => r.Layer >= fromLayer).GroupBy(r => r.Model).Select(m =>
        {
            var ordered = m.OrderBy(r => r.Layer).ToArray();
            return new DepthCurve($"{m.Key} ({ordered[0].Variant})", ordered.Select(r => (double)r.Layer).ToArray(), ordered.Select(value).ToArray());
        }).ToArray();
}
