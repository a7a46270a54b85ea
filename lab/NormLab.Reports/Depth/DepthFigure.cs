using ScottPlot;

namespace NormLab.Reports.Depth;

/// <summary>
/// Draws depth curves (a value per layer, one line per variant or model, a shaded seed band) and saves
/// them as PNG and SVG. A log y axis plots log10 of the values with 10^k tick labels (ScottPlot has no
/// native log axis); non-positive values are left out there.
/// </summary>
public static class DepthFigure
{
    public const int Width = 900, Height = 520;

    /// <summary>Writes <paramref name="pathWithoutExtension"/>.png and .svg; returns the two paths.</summary>
    public static string[] Save(string pathWithoutExtension, string title, string xLabel, string yLabel, bool logY, IReadOnlyList<DepthCurve> curves,
        bool legendRight = false)
    {
        if (curves.Count == 0) throw new ArgumentException("a depth figure needs at least one curve.", nameof(curves));
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            var color = palette.GetColor(i);
            Func<double, double> y = logY ? v => v > 0 ? Math.Log10(v) : double.NaN : v => v;
            if (c.Min is { } min && c.Max is { } max)
            {
                var band = plot.Add.FillY(c.X, min.Select(y).ToArray(), max.Select(y).ToArray());
                band.FillColor = color.WithAlpha(0.25);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(c.X, c.Mean.Select(y).ToArray());
            line.Color = color;
            line.MarkerSize = c.X.Length > 40 ? 0 : 5;
            line.LineWidth = 2;
            line.LegendText = c.Label;
        }
        if (logY)
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = v => Math.Abs(v - Math.Round(v)) < 1e-9 ? $"1e{Math.Round(v):0}" : "",
                IntegerTicksOnly = true,
            };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true }; // layers are whole
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(logY ? yLabel + " (log scale)" : yLabel);
        plot.ShowLegend(legendRight ? Alignment.UpperRight : Alignment.UpperLeft);
        string folder = Path.GetDirectoryName(Path.GetFullPath(pathWithoutExtension)) ?? ".";
        Directory.CreateDirectory(folder);
        string png = pathWithoutExtension + ".png", svg = pathWithoutExtension + ".svg";
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }
}
