using ScottPlot;
using ScottPlot.Plottables;

namespace NormLab.Reports.Figures;

/// <summary>Asymmetric error bars (min to max around a median) at positions 0, 1, 2, …</summary>
public static class Whiskers
{
    public static ErrorBar MinMax(IReadOnlyList<(double Value, double Min, double Max)> points)
    {
        var xs = points.Select((_, i) => (double)i).ToArray();
        var ys = points.Select(p => p.Value).ToArray();
        return new ErrorBar(xs, ys, null, null,
            points.Select(p => Math.Max(p.Max - p.Value, 0)).ToArray(),
            points.Select(p => Math.Max(p.Value - p.Min, 0)).ToArray())
        {
            Color = Colors.Black,
            CapSize = 6,
        };
    }
}
