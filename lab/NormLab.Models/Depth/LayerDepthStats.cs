namespace NormLab.Models.Depth;

/// <summary>
/// The residual stream after block <see cref="Layer"/> (1-based; 0 = the entry, before any block) and
/// how far that block turned it (<see cref="AngularDistance"/>; null for the entry).
/// </summary>
public sealed record LayerDepthStats(int Layer, double Variance, double Rms, double MaxAbs, double MaxToMedian, double? AngularDistance)
{
    public static LayerDepthStats Of(int layer, ReadOnlySpan<double> stream, int rows, int width, double? angularDistance) =>
        new(layer, StreamMetrics.Variance(stream, rows, width), StreamMetrics.Rms(stream), StreamMetrics.MaxAbs(stream),
            StreamMetrics.MaxToMedian(stream), angularDistance);
}
