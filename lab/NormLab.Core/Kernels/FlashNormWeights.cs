using NormLab.Reference;
using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>
/// A norm followed by a linear layer, folded once at load time for FlashNorm (Graef et al. 2024):
/// W* = diag(g)·W (d × n, row-major), ColumnSums = 1ᵀW* (what the LN form subtracts μ times) and
/// FoldedBias = b·W + c. Folding is done in float64 and rounded once to float32.
/// </summary>
public sealed class FlashNormWeights
{
    public NormKind Kind { get; }
    public int D { get; }
    public int N { get; }
    public float[] FoldedW { get; }
    public float[] ColumnSums { get; }
    public float[] FoldedBias { get; }

    private FlashNormWeights(NormKind kind, int d, int n, float[] foldedW, float[] columnSums, float[] foldedBias)
    {
        (Kind, D, N, FoldedW, ColumnSums, FoldedBias) = (kind, d, n, foldedW, columnSums, foldedBias);
    }

    /// <summary>Folds the norm's gain/bias (empty = absent) and the linear layer's W (d × n) and bias c (empty = none).</summary>
    public static FlashNormWeights Fold(NormKind kind, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, ReadOnlySpan<float> w, int d,
        int n, ReadOnlySpan<float> c)
    {
        if (d < 1) throw new ArgumentException($"d must be at least 1, was {d}.", nameof(d));
        if (n < 1) throw new ArgumentException($"n (output features) must be ≥ 1, was {n}.", nameof(n));
        NormArguments.Required(w.Length, d * n, nameof(w));
        NormArguments.Optional(gain.Length, d, nameof(gain));
        NormArguments.Optional(bias.Length, d, nameof(bias));
        NormArguments.Optional(c.Length, n, nameof(c));
        double[] w64 = Widen(w);
        double[] folded = FlashNormReference.FoldGain(Widen(gain), w64, d, n);
        double[] columnSums = FlashNormReference.ColumnSums(folded, d, n);
        double[] foldedBias = FlashNormReference.FoldBias(Widen(bias), w64, d, n, Widen(c));
        return new FlashNormWeights(kind, d, n, Narrow(folded), Narrow(columnSums), Narrow(foldedBias));
    }

    private static double[] Widen(ReadOnlySpan<float> v)
    {
        var r = new double[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = v[i];
        return r;
    }

    private static float[] Narrow(double[] v) => Array.ConvertAll(v, e => (float)e);
}
