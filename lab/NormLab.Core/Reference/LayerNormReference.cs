using NormLab.Validation;

namespace NormLab.Reference;

/// <summary>
/// LayerNorm in float64: y = g ⊙ (x − mean(x)) / sqrt(var(x) + eps) + b, biased variance, per row.
/// Two-pass statistics: plain and, in float64, exact enough to serve as the truth for float32 kernels.
/// Empty gain/bias mean absent (g = 1, b = 0).
/// </summary>
public static class LayerNormReference
{
    public static void Forward(ReadOnlySpan<double> x, int d, ReadOnlySpan<double> gain, ReadOnlySpan<double> bias,
        double eps, Span<double> y)
    {
        int rows = NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Optional(gain.Length, d, nameof(gain));
        NormArguments.Optional(bias.Length, d, nameof(bias));
        NormArguments.Epsilon(eps);
        NormArguments.Required(y.Length, x.Length, nameof(y));
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            var yr = y.Slice(r * d, d);
            if (NonFinite.Any(xr)) { NonFinite.FillNaN(yr); continue; }
            var (mean, invStd) = Stats(xr, eps);
            for (int i = 0; i < d; i++)
            {
                double n = (xr[i] - mean) * invStd;
                yr[i] = (gain.IsEmpty ? n : gain[i] * n) + (bias.IsEmpty ? 0 : bias[i]);
            }
        }
    }

    /// <summary>
    /// Gradients of the loss through y: dx (overwritten), dgain and dbias (accumulated over rows,
    /// as a training step sums them over the batch; pass zeroed buffers, or empty to skip).
    /// With n = (x − μ)/σ and dn = dy ⊙ g: dx = (dn − mean(dn) − n·mean(dn ⊙ n)) / σ.
    /// </summary>
    public static void Backward(ReadOnlySpan<double> x, int d, ReadOnlySpan<double> gain, ReadOnlySpan<double> dy,
        double eps, Span<double> dx, Span<double> dgain, Span<double> dbias)
    {
        int rows = NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Optional(gain.Length, d, nameof(gain));
        NormArguments.Epsilon(eps);
        NormArguments.Required(dy.Length, x.Length, nameof(dy));
        NormArguments.Required(dx.Length, x.Length, nameof(dx));
        NormArguments.Optional(dgain.Length, d, nameof(dgain));
        NormArguments.Optional(dbias.Length, d, nameof(dbias));
        var dn = new double[d];
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            var dyr = dy.Slice(r * d, d);
            var dxr = dx.Slice(r * d, d);
            if (NonFinite.Any(xr)) { NonFinite.FillNaN(dxr); PoisonParameterGrads(dgain, dbias); continue; }
            var (mean, invStd) = Stats(xr, eps);
            double meanDn = 0, meanDnN = 0;
            for (int i = 0; i < d; i++)
            {
                double n = (xr[i] - mean) * invStd;
                dn[i] = gain.IsEmpty ? dyr[i] : dyr[i] * gain[i];
                meanDn += dn[i];
                meanDnN += dn[i] * n;
                if (!dgain.IsEmpty) dgain[i] += dyr[i] * n;
                if (!dbias.IsEmpty) dbias[i] += dyr[i];
            }
            meanDn /= d;
            meanDnN /= d;
            for (int i = 0; i < d; i++)
            {
                double n = (xr[i] - mean) * invStd;
                dxr[i] = (dn[i] - meanDn - n * meanDnN) * invStd;
            }
        }
    }

    /// <summary>Row mean and 1/sqrt(var + eps), two passes.</summary>
    public static (double Mean, double InvStd) Stats(ReadOnlySpan<double> row, double eps)
    {
        double sum = 0;
        foreach (double v in row) sum += v;
        double mean = sum / row.Length;
        double sq = 0;
        foreach (double v in row) sq += (v - mean) * (v - mean);
        return (mean, 1.0 / Math.Sqrt(sq / row.Length + eps));
    }

    internal static void PoisonParameterGrads(Span<double> dgain, Span<double> dbias)
    {
        dgain.Fill(double.NaN);
        dbias.Fill(double.NaN);
    }
}
