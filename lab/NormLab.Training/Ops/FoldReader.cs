using System.Numerics;

namespace NormLab.Training.Ops;

/// <summary>
/// Pre-CRMSNorm's reader weights, built from the Pre-LN parameters every step: a linear layer reading
/// g ⊙ n + b (n zero-mean in R^d, stored as its first d − 1 elements n̂, n_{d−1} = −Σn̂) computes
/// n̂·W' + bias' with W'[i,:] = g_i·W[i,:] − g_{d−1}·W[d−1,:] (i &lt; d − 1) and bias' = b·W + bias
/// (SPEC theorems 2 and 3). Backward pulls dW', dbias' back onto W, bias, g and b.
/// </summary>
public static class FoldReader<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>w: d × n; bias: n or empty; wEff: (d − 1) × n; biasEff: n.</summary>
    public static void Forward(ReadOnlySpan<T> gain, ReadOnlySpan<T> nbias, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, int d, int n,
        Span<T> wEff, Span<T> biasEff)
    {
        var last = w.Slice((d - 1) * n, n);
        T gl = gain[d - 1];
        for (int i = 0; i < d - 1; i++)
        {
            var src = w.Slice(i * n, n);
            var dst = wEff.Slice(i * n, n);
            T gi = gain[i];
            for (int j = 0; j < n; j++) dst[j] = gi * src[j] - gl * last[j];
        }
        if (bias.IsEmpty) biasEff[..n].Clear();
        else bias[..n].CopyTo(biasEff);
        for (int i = 0; i < d; i++) Vec<T>.Axpy(biasEff[..n], nbias[i], w.Slice(i * n, n));
    }

    /// <summary>Accumulates into dgain, dnbias, dw and dbias (empty when the layer has no bias).</summary>
    public static void Backward(ReadOnlySpan<T> gain, ReadOnlySpan<T> nbias, ReadOnlySpan<T> w, int d, int n, ReadOnlySpan<T> dwEff,
        ReadOnlySpan<T> dbiasEff, Span<T> dgain, Span<T> dnbias, Span<T> dw, Span<T> dbias)
    {
        var sum = new T[n];
        for (int i = 0; i < d - 1; i++)
        {
            var g = dwEff.Slice(i * n, n);
            Vec<T>.AddTo(sum, g);
            Vec<T>.Axpy(dw.Slice(i * n, n), gain[i], g);
            dgain[i] += Vec<T>.Dot(w.Slice(i * n, n), g);
        }
        var last = w.Slice((d - 1) * n, n);
        Vec<T>.Axpy(dw.Slice((d - 1) * n, n), -gain[d - 1], sum);
        dgain[d - 1] -= Vec<T>.Dot(last, sum);
        for (int i = 0; i < d; i++)
        {
            Vec<T>.Axpy(dw.Slice(i * n, n), nbias[i], dbiasEff);
            dnbias[i] += Vec<T>.Dot(w.Slice(i * n, n), dbiasEff);
        }
        if (!dbias.IsEmpty) Vec<T>.AddTo(dbias[..n], dbiasEff[..n]);
    }
}
