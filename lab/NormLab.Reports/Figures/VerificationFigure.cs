using NormLab.Results;
using ScottPlot;

namespace NormLab.Reports.Figures;

/// <summary>Max relative error per layer (in file order), one line per model and converted form, log10 y.</summary>
public static class VerificationFigure
{
    public static Plot Draw(IReadOnlyList<VerificationRow> rows)
    {
        var plot = new Plot();
        int series = 0;
        foreach (var group in rows.GroupBy(r => (r.Model, r.Variant)))
        {
            var g = group.ToArray();
            var xs = Enumerable.Range(0, g.Length).Select(i => (double)i).ToArray();
            var ys = g.Select(r => Math.Log10(Math.Max(r.MaxRelErr, 1e-300))).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = $"{group.Key.Model}: {group.Key.Variant}";
            line.Color = Colors.Category10[series++ % 10];
        }
        plot.Axes.Bottom.Label.Text = "layer (in order)";
        plot.Axes.Left.Label.Text = "log10(max relative error)";
        plot.Title("Converted vs original, float64");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
