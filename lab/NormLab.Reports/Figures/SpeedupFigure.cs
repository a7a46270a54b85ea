using NormLab.Results;
using ScottPlot;

namespace NormLab.Reports.Figures;

/// <summary>Bars of end-to-end speedup over Pre-LN per model, batch × seq and form, with min–max whiskers.</summary>
public static class SpeedupFigure
{
    public static Plot Draw(IReadOnlyList<ModelBenchRow> rows)
    {
        var plot = new Plot();
        var forms = rows.Select(r => r.Form).Distinct().ToList();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            bars.Add(new Bar { Position = i, Value = r.Speedup, FillColor = Colors.Category10[forms.IndexOf(r.Form) % 10] });
            ticks.Add(new Tick(i, $"{r.Model} {r.Batch}×{r.Seq}\n{r.Form}"));
        }
        plot.Add.Bars(bars);
        plot.Add.Plottable(Whiskers.MinMax(rows.Select(r => (r.Speedup, r.SpeedupMin, r.SpeedupMax)).ToArray()));
        plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Solid);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 140;
        plot.Axes.Left.Label.Text = "speedup over Pre-LN";
        plot.Axes.Margins(bottom: 0);
        plot.Title("End-to-end speedup in ONNX Runtime");
        return plot;
    }
}
