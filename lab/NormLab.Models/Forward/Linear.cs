using System.Numerics;

namespace NormLab.Models.Forward;

/// <summary>
/// y = (x·Wᵀ) ⊙ rowScale + b for x (rows × in) and W (out × in): a row-dot-row matmul, parallel
/// over output features. The optional per-row scale is applied after the matmul and before the
/// bias — FlashNorm's deferred 1/rms.
/// </summary>
public static class Linear
{
    public static T[] Apply<T>(T[] x, int rows, int inDim, T[] w, int outDim, T[]? bias, T[]? rowScale = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != rows * inDim) throw new ArgumentException($"input has {x.Length} elements, expected {rows} × {inDim}.", nameof(x));
        if (w.Length != outDim * inDim) throw new ArgumentException($"weight has {w.Length} elements, expected {outDim} × {inDim}.", nameof(w));
        var y = new T[rows * outDim];
        const int chunk = 64;
        Parallel.For(0, (outDim + chunk - 1) / chunk, c =>
        {
            int end = Math.Min(outDim, (c + 1) * chunk);
            for (int o = c * chunk; o < end; o++)
            {
                var wo = new ReadOnlySpan<T>(w, o * inDim, inDim);
                for (int r = 0; r < rows; r++)
                {
                    T v = Dot(new ReadOnlySpan<T>(x, r * inDim, inDim), wo);
                    if (rowScale is not null) v *= rowScale[r];
                    if (bias is not null) v += bias[o];
                    y[r * outDim + o] = v;
                }
            }
        });
        return y;
    }

    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = a.Length, i = 0;
        var acc = Vector<T>.Zero;
        for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            acc += new Vector<T>(a.Slice(i)) * new Vector<T>(b.Slice(i));
        T s = Vector.Sum(acc);
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }
}
