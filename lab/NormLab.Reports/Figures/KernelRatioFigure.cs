using NormLab.Results;
using ScottPlot;

namespace NormLab.Reports.Figures;

/// <summary>Bars of ours/ORT per kernel and d with min–max whiskers, and the parity line at 1.</summary>
public static class KernelRatioFigure
{
    public static Plot Draw(IReadOnlyList<KernelBenchRow> rows)
    {
        var plot = new Plot();
        var ordered = rows.OrderBy(r => r.Dtype, StringComparer.Ordinal).ThenBy(r => r.Variant, StringComparer.Ordinal)
            .ThenBy(r => r.Backend, StringComparer.Ordinal).ThenBy(r => r.D).ToArray();
        var groups = ordered.Select(r => (r.Variant, r.Backend, r.Dtype)).Distinct().ToList();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (int i = 0; i < ordered.Length; i++)
        {
            var r = ordered[i];
            bars.Add(new Bar { Position = i, Value = r.VsOrt!.Value, FillColor = Colors.Category10[groups.IndexOf((r.Variant, r.Backend, r.Dtype)) % 10] });
            ticks.Add(new Tick(i, $"{r.Variant} {r.Dtype}\nd={r.D}"));
        }
        plot.Add.Bars(bars);
        var whiskers = Whiskers.MinMax(ordered.Select(r => (r.VsOrt!.Value, r.VsOrtMin!.Value, r.VsOrtMax!.Value)).ToArray());
        plot.Add.Plottable(whiskers);
        plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Solid);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Left.Label.Text = "speed ÷ ONNX Runtime";
        plot.Axes.Margins(bottom: 0);
        plot.Title("Ours over ONNX Runtime (same run, same data)");
        return plot;
    }
}
