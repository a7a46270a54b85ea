using NormLab.Validation;

namespace NormLab.Reference;

/// <summary>
/// RMSNorm in float64: y = g ⊙ x / rms(x) (+ b), rms(x) = sqrt(mean(x²) + eps), per row.
/// pRMSNorm is the same with the mean of squares over the first k = ceil(p·d) elements.
/// </summary>
public static class RmsNormReference
{
    public static void Forward(ReadOnlySpan<double> x, int d, ReadOnlySpan<double> gain, ReadOnlySpan<double> bias,
        double eps, Span<double> y) => PartialForward(x, d, 1.0, gain, bias, eps, y);

    /// <summary>pRMSNorm: the statistic over the first ceil(p·d) elements, applied to all d.</summary>
    public static void PartialForward(ReadOnlySpan<double> x, int d, double p, ReadOnlySpan<double> gain,
        ReadOnlySpan<double> bias, double eps, Span<double> y)
    {
        int rows = NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Fraction(p);
        NormArguments.Optional(gain.Length, d, nameof(gain));
        NormArguments.Optional(bias.Length, d, nameof(bias));
        NormArguments.Epsilon(eps);
        NormArguments.Required(y.Length, x.Length, nameof(y));
        int k = PartialCount(p, d);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            var yr = y.Slice(r * d, d);
            if (NonFinite.Any(xr)) { NonFinite.FillNaN(yr); continue; }
            double inv = InvRms(xr[..k], eps);
            for (int i = 0; i < d; i++)
                yr[i] = (gain.IsEmpty ? 1 : gain[i]) * xr[i] * inv + (bias.IsEmpty ? 0 : bias[i]);
        }
    }

    /// <summary>
    /// dx (overwritten), dgain/dbias (accumulated; empty to skip). With n = x/r and dn = dy ⊙ g:
    /// dx = (dn − n·mean(dn ⊙ n)) / r.
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
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            var dyr = dy.Slice(r * d, d);
            var dxr = dx.Slice(r * d, d);
            if (NonFinite.Any(xr)) { NonFinite.FillNaN(dxr); LayerNormReference.PoisonParameterGrads(dgain, dbias); continue; }
            double inv = InvRms(xr, eps);
            double meanDnN = 0;
            for (int i = 0; i < d; i++)
            {
                double n = xr[i] * inv;
                meanDnN += dyr[i] * (gain.IsEmpty ? 1 : gain[i]) * n;
                if (!dgain.IsEmpty) dgain[i] += dyr[i] * n;
                if (!dbias.IsEmpty) dbias[i] += dyr[i];
            }
            meanDnN /= d;
            for (int i = 0; i < d; i++)
                dxr[i] = (dyr[i] * (gain.IsEmpty ? 1 : gain[i]) - xr[i] * inv * meanDnN) * inv;
        }
    }

    /// <summary>1 / sqrt(mean(x²) + eps) over the span given.</summary>
    public static double InvRms(ReadOnlySpan<double> xs, double eps)
    {
        double sq = 0;
        foreach (double v in xs) sq += v * v;
        return 1.0 / Math.Sqrt(sq / xs.Length + eps);
    }

    /// <summary>
    /// k = ceil(p·d), at least 1. p·d is rounded to 9 decimals first so that, e.g., p = 0.3, d = 10
    /// gives 3 (0.3·10 is 3.0000000000000004 in binary). Every backend uses this one definition.
    /// </summary>
    public static int PartialCount(double p, int d)
    {
        NormArguments.Fraction(p);
        return Math.Clamp((int)Math.Ceiling(Math.Round(p * d, 9)), 1, d);
    }
}
