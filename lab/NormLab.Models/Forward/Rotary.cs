using System.Numerics;
using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// Rotary positions on q or k (rows × heads·hd) in place: pair i of each head rotates by
/// pos · theta^(−2i/hd). Angles are computed in float64 then rounded to the working precision.
/// </summary>
public static class Rotary
{
    public static void Apply<T>(RotarySpec spec, T[] x, int rows, int heads, int headDim)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int pairs = headDim / 2;
        for (int pos = 0; pos < rows; pos++)
            for (int i = 0; i < pairs; i++)
            {
                double angle = pos * Math.Pow(spec.Theta, -2.0 * i / headDim);
                T cos = T.CreateTruncating(Math.Cos(angle)), sin = T.CreateTruncating(Math.Sin(angle));
                var (a, b) = spec.Pairing == RotaryPairing.Interleaved ? (2 * i, 2 * i + 1) : (i, i + pairs);
                for (int h = 0; h < heads; h++)
                {
                    int at = (pos * heads + h) * headDim;
                    T v0 = x[at + a], v1 = x[at + b];
                    x[at + a] = v0 * cos - v1 * sin;
                    x[at + b] = v0 * sin + v1 * cos;
                }
            }
    }
}
