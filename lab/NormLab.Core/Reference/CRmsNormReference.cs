using NormLab.Validation;

namespace NormLab.Reference;

/// <summary>
/// CRMSNorm in float64. A compressed row x̂ ∈ R^(d−1) stands for the zero-mean x ∈ R^d whose last
/// element is −Σx̂; its rms is sqrt((Σx̂² + (Σx̂)²)/d + eps), and y = g ⊙ x̂ / rms (+ b), in R^(d−1).
/// Gain/bias (length d − 1) are optional: the Pre-CRMSNorm conversion folds them away.
/// </summary>
public static class CRmsNormReference
{
    public static void Forward(ReadOnlySpan<double> xHat, int d, ReadOnlySpan<double> gain, ReadOnlySpan<double> bias,
        double eps, Span<double> y)
    {
        int rows = NormArguments.CompressedRows(xHat.Length, d, nameof(xHat));
        int m = d - 1;
        NormArguments.Optional(gain.Length, m, nameof(gain));
        NormArguments.Optional(bias.Length, m, nameof(bias));
        NormArguments.Epsilon(eps);
        NormArguments.Required(y.Length, xHat.Length, nameof(y));
        for (int r = 0; r < rows; r++)
        {
            var xr = xHat.Slice(r * m, m);
            var yr = y.Slice(r * m, m);
            if (NonFinite.Any(xr)) { NonFinite.FillNaN(yr); continue; }
            double inv = 1.0 / Rms(xr, d, eps, out _);
            for (int i = 0; i < m; i++)
                yr[i] = (gain.IsEmpty ? 1 : gain[i]) * xr[i] * inv + (bias.IsEmpty ? 0 : bias[i]);
        }
    }

    /// <summary>
    /// With s = Σx̂, r the rms, n = x̂/r, dn = dy ⊙ g: ∂r/∂x̂_j = (x̂_j + s)/(d·r), so
    /// dx̂ = (dn − (n + s/r)·(1/d)Σ dn ⊙ n) / r. dgain/dbias accumulate (empty to skip).
    /// </summary>
    public static void Backward(ReadOnlySpan<double> xHat, int d, ReadOnlySpan<double> gain, ReadOnlySpan<double> dy,
        double eps, Span<double> dx, Span<double> dgain, Span<double> dbias)
    {
        int rows = NormArguments.CompressedRows(xHat.Length, d, nameof(xHat));
        int m = d - 1;
        NormArguments.Optional(gain.Length, m, nameof(gain));
        NormArguments.Epsilon(eps);
        NormArguments.Required(dy.Length, xHat.Length, nameof(dy));
        NormArguments.Required(dx.Length, xHat.Length, nameof(dx));
        NormArguments.Optional(dgain.Length, m, nameof(dgain));
        NormArguments.Optional(dbias.Length, m, nameof(dbias));
        for (int r = 0; r < rows; r++)
        {
            var xr = xHat.Slice(r * m, m);
            var dyr = dy.Slice(r * m, m);
            var dxr = dx.Slice(r * m, m);
            if (NonFinite.Any(xr)) { NonFinite.FillNaN(dxr); LayerNormReference.PoisonParameterGrads(dgain, dbias); continue; }
            double rms = Rms(xr, d, eps, out double s);
            double inv = 1.0 / rms;
            double dot = 0;
            for (int i = 0; i < m; i++)
            {
                double n = xr[i] * inv;
                dot += dyr[i] * (gain.IsEmpty ? 1 : gain[i]) * n;
                if (!dgain.IsEmpty) dgain[i] += dyr[i] * n;
                if (!dbias.IsEmpty) dbias[i] += dyr[i];
            }
            dot /= d;
            for (int i = 0; i < m; i++)
                dxr[i] = (dyr[i] * (gain.IsEmpty ? 1 : gain[i]) - (xr[i] * inv + s * inv) * dot) * inv;
        }
    }

    /// <summary>sqrt((Σx̂² + (Σx̂)²)/d + eps); <paramref name="sum"/> returns Σx̂.</summary>
    public static double Rms(ReadOnlySpan<double> xHat, int d, double eps, out double sum)
    {
        double sq = 0;
        sum = 0;
        foreach (double v in xHat) { sq += v * v; sum += v; }
        return Math.Sqrt((sq + sum * sum) / d + eps);
    }

    /// <summary>Restores the dropped element −Σx̂: R^(d−1) → R^d.</summary>
    public static double[] Decompress(ReadOnlySpan<double> xHat, int d)
    {
        int rows = NormArguments.CompressedRows(xHat.Length, d, nameof(xHat));
        var x = new double[rows * d];
        for (int r = 0; r < rows; r++)
        {
            var src = xHat.Slice(r * (d - 1), d - 1);
            src.CopyTo(x.AsSpan(r * d));
            double s = 0;
            foreach (double v in src) s += v;
            x[r * d + d - 1] = -s;
        }
        return x;
    }
}
