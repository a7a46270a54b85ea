using System.Numerics;

namespace NormLab.Models.Forward;

/// <summary>
/// Scaled dot-product attention over a whole sequence, heads in parallel; grouped-query heads share
/// key/value head h / (H / Hkv). q: rows × H·hd, k and v: rows × Hkv·hd; returns rows × H·hd.
/// </summary>
public static class Attention
{
    public static T[] Apply<T>(T[] q, T[] k, T[] v, int rows, int heads, int kvHeads, int headDim, bool causal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int qDim = heads * headDim, kvDim = kvHeads * headDim, group = heads / kvHeads;
        T scale = T.One / T.Sqrt(T.CreateTruncating(headDim));
        var output = new T[rows * qDim];
        Parallel.For(0, heads, h =>
        {
            int kvOffset = h / group * headDim;
            var scores = new T[rows];
            for (int t = 0; t < rows; t++)
            {
                int last = causal ? t : rows - 1;
                var qt = new ReadOnlySpan<T>(q, t * qDim + h * headDim, headDim);
                T max = T.NegativeInfinity;
                for (int u = 0; u <= last; u++)
                {
                    scores[u] = Linear.Dot(qt, new ReadOnlySpan<T>(k, u * kvDim + kvOffset, headDim)) * scale;
                    max = T.Max(max, scores[u]);
                }
                T sum = T.Zero;
                for (int u = 0; u <= last; u++) { scores[u] = T.Exp(scores[u] - max); sum += scores[u]; }
                var ot = new Span<T>(output, t * qDim + h * headDim, headDim);
                for (int u = 0; u <= last; u++)
                {
                    T p = scores[u] / sum;
                    var vu = new ReadOnlySpan<T>(v, u * kvDim + kvOffset, headDim);
                    for (int j = 0; j < headDim; j++) ot[j] += p * vu[j];
                }
            }
        });
        return output;
    }
}
