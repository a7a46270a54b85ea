using NormLab.Kernels;
namespace NormLab.Errors;

/// <summary>
/// How far a kernel's output is from the float64 reference. Per element, with s = the row's scale (the
/// rms of the reference row's finite values, raised where the algorithm cancels larger terms: see
/// <see cref="Check.ReferenceRunner.RowScales"/>) and m = max(|ref|, s):
/// abs = |got − ref|; rel = abs / m; ulp = abs / Ulp.Of(m). Using m, not |ref|, is deliberate: a norm's
/// output near zero comes from cancellation (x − μ, g·n + b, residual adds), whose rounding is set by
/// the row's scale, so its error is measured in units of that scale. NaN where the reference has NaN
/// counts 0 (the NonFinite rule); NaN or ±Inf anywhere else, or a wrong-signed Inf, counts +∞.
/// </summary>
public readonly record struct ErrorMetrics(double MaxAbsErr, double MaxRelErr, double MaxUlp)
{
    public static ErrorMetrics Zero => new(0, 0, 0);

    public ErrorMetrics Max(ErrorMetrics o) =>
        new(Math.Max(MaxAbsErr, o.MaxAbsErr), Math.Max(MaxRelErr, o.MaxRelErr), Math.Max(MaxUlp, o.MaxUlp));

    public static ErrorMetrics Compare(ReadOnlySpan<float> got, ReadOnlySpan<double> reference, int rowWidth, ReadOnlySpan<double> rowScales,
        Dtype dtype)
    {
        if (got.Length != reference.Length)
            throw new ArgumentException($"output has {got.Length} elements, the reference {reference.Length}.", nameof(got));
        var worst = Zero;
        for (int start = 0; start < got.Length; start += rowWidth)
        {
            var g = got.Slice(start, rowWidth);
            var r = reference.Slice(start, rowWidth);
            double scale = rowScales[start / rowWidth];
            for (int i = 0; i < rowWidth; i++) worst = worst.Max(Element(g[i], r[i], scale, dtype));
        }
        return worst;
    }

    public static ErrorMetrics Element(float got, double reference, double scale, Dtype dtype)
    {
        if (double.IsNaN(reference)) return double.IsNaN(got) ? Zero : Infinite;
        if (!double.IsFinite(reference) || !float.IsFinite(got)) return got == reference ? Zero : Infinite;
        double abs = Math.Abs(got - reference);
        double m = Math.Max(Math.Abs(reference), scale);
        return new ErrorMetrics(abs, m == 0 ? (abs == 0 ? 0 : double.PositiveInfinity) : abs / m, abs / Ulp.Of(m, dtype));
    }

    /// <summary>sqrt(mean of ref²) over the row's finite values (0 for an empty or all-NaN row).</summary>
    public static double RowScale(ReadOnlySpan<double> row)
    {
        double sq = 0;
        int n = 0;
        foreach (double v in row)
            if (double.IsFinite(v)) { sq += v * v; n++; }
        return n == 0 ? 0 : Math.Sqrt(sq / n);
    }

    private static ErrorMetrics Infinite => new(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
}
