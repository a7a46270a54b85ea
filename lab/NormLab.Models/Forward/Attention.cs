using System.Numerics;

namespace NormLab.Models.Forward;

/// <summary>
/// Scaled dot-product attention, every (sequence, head) pair in parallel; grouped-query heads share
/// key/value head h / (H / Hkv). q: rows × H·hd, k and v: rows × Hkv·hd, rows = sequences × length
/// (attention stays inside each sequence); returns rows × H·hd. Per pair, scores = Q·Kᵀ and the
/// output P·V are two small matmuls through <see cref="Linear"/>'s tiled kernel.
/// </summary>
public static class Attention
{
    public static T[] Apply<T>(T[] q, T[] k, T[] v, int rows, int heads, int kvHeads, int headDim, bool causal, int sequences = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int qDim = heads * headDim, kvDim = kvHeads * headDim, group = heads / kvHeads, length = rows / sequences;
        T scale = T.One / T.Sqrt(T.CreateTruncating(headDim));
        var output = new T[rows * qDim];
        Parallel.For(0, sequences * heads, job =>
        {
            int h = job % heads, first = job / heads * length, kvOffset = h / group * headDim;
            var qh = Slice(q, first, length, qDim, h * headDim, headDim);
            var kh = Slice(k, first, length, kvDim, kvOffset, headDim);
            var vt = Transposed(v, first, length, kvDim, kvOffset, headDim);
            var p = Linear.Apply(qh, length, headDim, kh, length, null, inline: true);
            for (int t = 0; t < length; t++)
            {
                var row = p.AsSpan(t * length, length);
                int last = causal ? t : length - 1;
                T max = T.NegativeInfinity, sum = T.Zero;
                for (int u = 0; u <= last; u++) max = T.Max(max, row[u] * scale);
                for (int u = 0; u <= last; u++) { row[u] = T.Exp(row[u] * scale - max); sum += row[u]; }
                for (int u = 0; u <= last; u++) row[u] /= sum;
                row[(last + 1)..].Clear();
            }
            var o = Linear.Apply(p, length, length, vt, headDim, null, inline: true);
            for (int t = 0; t < length; t++) Array.Copy(o, t * headDim, output, (first + t) * qDim + h * headDim, headDim);
        });
        return output;
    }

    /// <summary>Columns [start, start + count) of rows [first, first + length) of a row-major matrix of width <paramref name="width"/>.</summary>
    private static T[] Slice<T>(T[] x, int first, int length, int width, int start, int count)
    {
        var y = new T[length * count];
        for (int t = 0; t < length; t++) Array.Copy(x, (first + t) * width + start, y, t * count, count);
        return y;
    }

    /// <summary>The same block transposed (count × length), so P·V is a row-by-row product too.</summary>
    private static T[] Transposed<T>(T[] x, int first, int length, int width, int start, int count)
    {
        var y = new T[count * length];
        for (int t = 0; t < length; t++)
            for (int j = 0; j < count; j++) y[j * length + t] = x[(first + t) * width + start + j];
        return y;
    }
}
