using System.Numerics;
using NormLab.Models.Forward;

namespace NormLab.Models.Depth;

/// <summary>Collects <see cref="LayerDepthStats"/> for the entry and every block of one forward.</summary>
public sealed class DepthObserver<T> : ForwardObserver<T> where T : unmanaged, INumberBase<T>
{
    private readonly List<LayerDepthStats> _layers = [];

    public IReadOnlyList<LayerDepthStats> Layers => _layers;

    public override void OnEntry(ReadOnlySpan<T> stream, int rows, int width) =>
        _layers.Add(LayerDepthStats.Of(0, Widen(stream), rows, width, null));

    public override void OnBlock(int layer, ReadOnlySpan<T> before, ReadOnlySpan<T> after, int rows, int width)
    {
        var a = Widen(after);
        _layers.Add(LayerDepthStats.Of(layer, a, rows, width, StreamMetrics.AngularDistance(Widen(before), a, rows, width)));
    }

    private static double[] Widen(ReadOnlySpan<T> x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = double.CreateTruncating(x[i]);
        return y;
    }
}
