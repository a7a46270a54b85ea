using NormLab.Errors;
using NormLab.Reference;
using NormLab.Variants;

namespace NormLab.Check;

/// <summary>Runs a case through its variant's float64 reference and derives the per-row scales the metric uses.</summary>
public static class ReferenceRunner
{
    public static double[][] Run(CheckCase c) => c.Entry.Reference(c);

    /// <summary>The row length of each output, for the per-row scale of <see cref="ErrorMetrics"/>.</summary>
    public static int[] RowWidths(CheckCase c) =>
        [.. c.Entry.Outputs.Select(_ => c.Entry.Role == VariantRole.NormMatmul ? c.N : c.Width)];

    /// <summary>
    /// The magnitude the computation of each output row works at, below which its rounding error cannot
    /// go (see <see cref="ErrorMetrics"/>): the rms of the reference row, raised where the algorithm
    /// cancels larger terms — backward dx cancels terms of size rms(dy ⊙ g)/σ; FlashNorm's matmul sums
    /// terms x_i·W*_ij (l2 size) and its LN form subtracts μ·1ᵀW*, both then scaled by 1/σ.
    /// </summary>
    public static double[][] RowScales(CheckCase c, double[][] reference)
    {
        var entry = c.Entry;
        int[] widths = RowWidths(c);
        var scales = new double[reference.Length][];
        for (int k = 0; k < reference.Length; k++)
        {
            int rows = reference[k].Length / widths[k];
            scales[k] = new double[rows];
            for (int r = 0; r < rows; r++) scales[k][r] = ErrorMetrics.RowScale(reference[k].AsSpan(r * widths[k], widths[k]));
        }
        double affine = AffineScale(c);
        var normed = scales[entry.NormalizedOutput];
        for (int r = 0; r < normed.Length; r++) normed[r] = Math.Max(normed[r], affine);
        bool backward = entry.Role == VariantRole.Backward, flash = entry.Role == VariantRole.NormMatmul;
        double gainTerms = 0, biasTerms = 0;
        for (int r = 0; r < c.Rows && (backward || flash); r++)
        {
            var x = Widen(c.X.AsSpan(r * c.Width, c.Width).ToArray());
            if (NonFinite.Any(x)) continue;
            double inv = InverseScale(c, x, out double mean);
            double term = backward ? DnRms(c, r) * inv : FlashTerms(c, x, mean) * inv;
            scales[0][r] = Math.Max(scales[0][r], term);
            for (int i = 0; i < c.Width && backward; i++)
            {
                double dy = c.Dy[r * c.Width + i], n = (x[i] - mean) * inv;
                gainTerms += dy * n * dy * n;
                biasTerms += dy * dy;
            }
        }
        if (backward)
        {
            // dgain/dbias sum over rows, which can cancel: their scale is the l2 size of the summed terms.
            scales[1][0] = Math.Max(scales[1][0], Math.Sqrt(gainTerms / c.Width));
            scales[2][0] = Math.Max(scales[2][0], Math.Sqrt(biasTerms / c.Width));
        }
        return scales;
    }

    /// <summary>
    /// Row norms with gain/bias: y = g·n + b cancels terms of size |g|·|n| and |b| with |n| ~ 1, so
    /// the row's scale is at least rms(|g| + |b|) (times 1/sqrt(ℓ) for LayerNorm Scaling).
    /// </summary>
    private static double AffineScale(CheckCase c)
    {
        if (c.Entry.Role != VariantRole.RowNorm || (c.Gain.Length == 0 && c.Bias.Length == 0)) return 0;
        double sq = 0;
        for (int i = 0; i < c.Width; i++)
        {
            double t = (c.Gain.Length == 0 ? 1 : Math.Abs(c.Gain[i])) + (c.Bias.Length == 0 ? 0 : Math.Abs(c.Bias[i]));
            sq += t * t;
        }
        double scale = Math.Sqrt(sq / c.Width);
        return c.Entry.DepthScaled ? scale / Math.Sqrt(c.Layer) : scale;
    }

    private static double InverseScale(CheckCase c, double[] x, out double mean)
    {
        mean = 0;
        switch (c.Entry.Statistic)
        {
            case VariantStatistic.MeanVariance:
                var (m, invStd) = LayerNormReference.Stats(x, c.Eps);
                mean = m;
                return invStd;
            case VariantStatistic.CompressedRms:
                return 1 / CRmsNormReference.Rms(x, c.D, c.Eps, out _);
            default:
                return RmsNormReference.InvRms(x, c.Eps);
        }
    }

    private static double DnRms(CheckCase c, int row)
    {
        double sq = 0;
        for (int i = 0; i < c.Width; i++)
        {
            double dn = c.Dy[row * c.Width + i] * (c.Gain.Length == 0 ? 1.0 : c.Gain[i]);
            sq += dn * dn;
        }
        return Math.Sqrt(sq / c.Width);
    }

    /// <summary>rms over outputs j of sqrt(Σ_i (x_i·W*_ij)²) + |μ|·|1ᵀW*_j|.</summary>
    private static double FlashTerms(CheckCase c, double[] x, double mean)
    {
        double[] folded = FlashNormReference.FoldGain(Widen(c.Gain), Widen(c.W), c.D, c.N);
        double[] sums = FlashNormReference.ColumnSums(folded, c.D, c.N);
        double total = 0;
        for (int j = 0; j < c.N; j++)
        {
            double sq = 0;
            for (int i = 0; i < c.D; i++) sq += x[i] * folded[i * c.N + j] * x[i] * folded[i * c.N + j];
            double t = Math.Sqrt(sq) + Math.Abs(mean * sums[j]);
            total += t * t;
        }
        return Math.Sqrt(total / c.N);
    }

    private static double[] Widen(float[] v) => Array.ConvertAll(v, e => (double)e);
}
