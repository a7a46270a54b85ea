using System.Numerics;
using NormLab.Models.Description;
using NormLab.Reference;

namespace NormLab.Models.Verification;

/// <summary>
/// Puts streams of different forms into one comparable representation: full width d (a compressed
/// stream gets its dropped element −Σx̂ back), and centered when the converted form's stream is
/// zero-mean but the original's is not (recentering removes exactly the row mean, SPEC 1).
/// </summary>
public static class StreamCanon
{
    public static double[] ToFullWidth<T>(ReadOnlySpan<T> stream, ModelConfig c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new double[stream.Length];
        for (int i = 0; i < x.Length; i++) x[i] = double.CreateTruncating(stream[i]);
        return c.CompressedStream ? CRmsNormReference.Decompress(x, c.Dim) : x;
    }

    public static double[] Centered(double[] stream, int width)
    {
        var y = (double[])stream.Clone();
        for (int r = 0; r < y.Length / width; r++)
        {
            var row = y.AsSpan(r * width, width);
            double mean = 0;
            foreach (double v in row) mean += v;
            mean /= width;
            foreach (ref double v in row) v -= mean;
        }
        return y;
    }
}
