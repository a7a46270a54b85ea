using System.Numerics;
using NormLab.Models.Forward;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>Keeps the main branch after every block, in float64, as the forward shows it.</summary>
public sealed class StreamCapture<T> : ForwardObserver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public List<double[]> Blocks { get; } = [];

    public override void OnBlock(int layer, ReadOnlySpan<T> before, ReadOnlySpan<T> after, int rows, int width)
    {
        var copy = new double[after.Length];
        for (int i = 0; i < after.Length; i++) copy[i] = double.CreateTruncating(after[i]);
        Blocks.Add(copy);
    }
}
