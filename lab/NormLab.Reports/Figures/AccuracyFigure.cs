using NormLab.Check;
using NormLab.Reports.Sections;
using ScottPlot;

namespace NormLab.Reports.Figures;

/// <summary>Strip plot: per kernel group, one dot per check case at log10(max ULP + 1), with the group's max marked.</summary>
public static class AccuracyFigure
{
    public static Plot Draw(IReadOnlyList<CheckResult> rows)
    {
        var plot = new Plot();
        var groups = AccuracySection.Groups(rows).ToArray();
        var ticks = new List<Tick>();
        for (int i = 0; i < groups.Length; i++)
        {
            var values = groups[i].Select(r => r.MaxUlp).Where(double.IsFinite).ToArray();
            var xs = values.Select((_, k) => i + Jitter(k)).ToArray();
            var ys = values.Select(v => Math.Log10(v + 1)).ToArray();
            var dots = plot.Add.ScatterPoints(xs, ys);
            dots.MarkerSize = 7;
            dots.Color = Colors.Category10[groups[i].Key.Backend.Contains("simd", StringComparison.OrdinalIgnoreCase) ? 0 : 1].WithAlpha(0.6);
            ticks.Add(new Tick(i, $"{groups[i].Key.Variant}\n{groups[i].Key.Backend} {groups[i].Key.Dtype}"));
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Left.Label.Text = "log10(max ULP + 1)";
        plot.Title("Kernel error vs float64 reference, per check case");
        return plot;
    }

    /// <summary>Deterministic spread of the dots within a column (no random numbers: figures are reproducible).</summary>
    private static double Jitter(int k) => k == 0 ? 0 : ((k * 0.618034) % 1.0 - 0.5) * 0.4;
}
