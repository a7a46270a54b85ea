using NormLab.Validation;

namespace NormLab.Reference;

/// <summary>
/// FlashNorm (Graef et al. 2024) in float64. The reference computes the definition, norm then
/// linear: out = Norm(x)·W + c, W being d × n row-major. The folded, deferred form that kernels use
/// is exact algebra on top of it: W* = diag(g)·W (see <see cref="FoldGain"/>), then
/// RMS: out = (x·W*) / rms(x) + c;  LN: out = (x·W* − μ·(1ᵀW*)) / σ + (b·W + c).
/// </summary>
public static class FlashNormReference
{
    public static void Forward(NormKind kind, ReadOnlySpan<double> x, int d, ReadOnlySpan<double> gain,
        ReadOnlySpan<double> bias, double eps, ReadOnlySpan<double> w, int n, ReadOnlySpan<double> c, Span<double> output)
    {
        int rows = NormArguments.Rows(x.Length, d, nameof(x));
        if (n < 1) throw new ArgumentException($"n (output features) must be ≥ 1, was {n}.", nameof(n));
        NormArguments.Required(w.Length, d * n, nameof(w));
        NormArguments.Optional(c.Length, n, nameof(c));
        NormArguments.Required(output.Length, rows * n, nameof(output));
        var normed = new double[x.Length];
        ResidualNormReference.Normalize(kind, x, d, gain, bias, eps, normed);
        Linear(normed, d, w, n, c, output);
    }

    /// <summary>out = a·W + c for a (rows × d), W (d × n).</summary>
    public static void Linear(ReadOnlySpan<double> a, int d, ReadOnlySpan<double> w, int n, ReadOnlySpan<double> c,
        Span<double> output)
    {
        int rows = a.Length / d;
        for (int r = 0; r < rows; r++)
        {
            var o = output.Slice(r * n, n);
            if (c.IsEmpty) o.Clear(); else c.CopyTo(o);
            for (int i = 0; i < d; i++)
            {
                double ai = a[r * d + i];
                var wi = w.Slice(i * n, n);
                for (int j = 0; j < n; j++) o[j] += ai * wi[j];
            }
        }
    }

    /// <summary>W* = diag(g)·W: row i of W scaled by g_i. Empty g returns a copy of W.</summary>
    public static double[] FoldGain(ReadOnlySpan<double> gain, ReadOnlySpan<double> w, int d, int n)
    {
        NormArguments.Required(w.Length, d * n, nameof(w));
        NormArguments.Optional(gain.Length, d, nameof(gain));
        var folded = w.ToArray();
        if (gain.IsEmpty) return folded;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < n; j++) folded[i * n + j] *= gain[i];
        return folded;
    }

    /// <summary>c' = b·W + c: the norm's bias pushed through the linear layer. Empty b returns c (or zeros).</summary>
    public static double[] FoldBias(ReadOnlySpan<double> bias, ReadOnlySpan<double> w, int d, int n, ReadOnlySpan<double> c)
    {
        var folded = new double[n];
        if (!c.IsEmpty) c.CopyTo(folded);
        if (bias.IsEmpty) return folded;
        Linear(bias, d, w, n, c, folded);
        return folded;
    }

    /// <summary>1ᵀW*: the column sums the LN form subtracts μ times.</summary>
    public static double[] ColumnSums(ReadOnlySpan<double> w, int d, int n)
    {
        var s = new double[n];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < n; j++) s[j] += w[i * n + j];
        return s;
    }
}
