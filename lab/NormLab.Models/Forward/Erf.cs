namespace NormLab.Models.Forward;

/// <summary>
/// erf(x) in float64 (.NET has none): Maclaurin series for |x| &lt; 3 (≤ ~1e-14 absolute error),
/// a continued fraction for erfc beyond. Exact GELU matters only for loading real erf-GELU models;
/// the equivalence checks compare two forms that share this function.
/// </summary>
public static class Erf
{
    public static double Of(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double a = Math.Abs(x);
        double r = a < 3 ? Series(a) : 1 - ContinuedFractionErfc(a);
        return x < 0 ? -r : r;
    }

    private static double Series(double x)
    {
        // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
        double term = x, sum = x, x2 = x * x;
        for (int n = 1; n < 200 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= -x2 / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    private static double ContinuedFractionErfc(double x)
    {
        // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))), evaluated bottom-up.
        double f = x;
        for (int k = 60; k >= 1; k--) f = x + k / 2.0 / f;
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
