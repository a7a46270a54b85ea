using NormLab.Results;
using ScottPlot;

namespace NormLab.Reports.Figures;

/// <summary>GB/s against d (log2 axis) for each non-scalar kernel and ORT, with the copy bandwidth as a dashed black line.</summary>
public static class ThroughputFigure
{
    public static Plot Draw(IReadOnlyList<KernelBenchRow> rows, int rowCount, string dtype)
    {
        var plot = new Plot();
        int series = 0;
        foreach (var group in rows.Where(r => r.Backend != "scalar").GroupBy(r => (r.Variant, r.Backend)))
        {
            var g = group.OrderBy(r => r.D).ToArray();
            var line = plot.Add.Scatter(g.Select(r => Math.Log2(r.D)).ToArray(), g.Select(r => r.Gbps).ToArray());
            line.LegendText = $"{group.Key.Variant} ({group.Key.Backend})";
            line.Color = Colors.Category10[series % 10];
            // ORT thin with square markers, ours thick with round ones (solid lines: Skia's SVG back end drops dash effects).
            bool ort = group.Key.Backend.StartsWith("ort:", StringComparison.Ordinal);
            line.LineWidth = ort ? 1 : 2;
            line.MarkerShape = ort ? MarkerShape.OpenSquare : MarkerShape.FilledCircle;
            series++;
        }
        // The copy moves as many bytes as each kernel; its GB/s barely depends on that count, so one line per d (the 2-tensor copy).
        var copy = rows.GroupBy(r => r.D).OrderBy(g => g.Key).Select(g => (D: g.Key, Gbps: g.OrderBy(r => r.BytesMoved).First().CopyGbps)).ToArray();
        var bandwidth = plot.Add.Scatter(copy.Select(c => Math.Log2(c.D)).ToArray(), copy.Select(c => c.Gbps).ToArray());
        bandwidth.LegendText = "all-core copy (bandwidth)";
        bandwidth.Color = Colors.Black;
        bandwidth.LineWidth = 4;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            copy.Select(c => new Tick(Math.Log2(c.D), c.D.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        plot.Axes.Bottom.Label.Text = "d (log scale)";
        plot.Axes.Left.Label.Text = "GB/s (read + written)";
        plot.Axes.SetLimitsY(0, Math.Max(rows.Max(r => Math.Max(r.Gbps, r.CopyGbps)) * 1.15, 1));
        plot.Title($"Kernel throughput, {rowCount} rows, {dtype}");
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
