namespace NormLab.Models.Depth;

/// <summary>
/// The depth analysis' statistics of a residual stream held as rows (tokens) × width (features).
/// Everything is computed in float64, whatever precision the forward ran in.
/// </summary>
public static class StreamMetrics
{
    /// <summary>
    /// Hidden-state variance: per token, the biased variance over the features (what a LayerNorm sees),
    /// averaged over tokens.
    /// </summary>
    public static double Variance(ReadOnlySpan<double> x, int rows, int width)
    {
        Shape(x, rows, width);
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * width, width);
            double mean = 0, sq = 0;
            foreach (double v in row) mean += v;
            mean /= width;
            foreach (double v in row) sq += (v - mean) * (v - mean);
            sum += sq / width;
        }
        return sum / rows;
    }

    /// <summary>Root mean square over every element (tokens and features).</summary>
    public static double Rms(ReadOnlySpan<double> x)
    {
        NotEmpty(x);
        double sq = 0;
        foreach (double v in x) sq += v * v;
        return Math.Sqrt(sq / x.Length);
    }

    public static double MaxAbs(ReadOnlySpan<double> x)
    {
        NotEmpty(x);
        double max = 0;
        foreach (double v in x) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    /// <summary>Median of |x| over every element (the mean of the two middle values for an even count).</summary>
    public static double MedianAbs(ReadOnlySpan<double> x)
    {
        NotEmpty(x);
        var abs = new double[x.Length];
        for (int i = 0; i < x.Length; i++) abs[i] = Math.Abs(x[i]);
        Array.Sort(abs);
        int mid = abs.Length / 2;
        return abs.Length % 2 == 1 ? abs[mid] : 0.5 * (abs[mid - 1] + abs[mid]);
    }

    /// <summary>
    /// Massive-activation ratio: max|x| / median|x| (Sun et al. 2024 call an activation massive when it
    /// is ~1000× the median). +Inf when the median is 0 and the maximum is not; NaN for an all-zero stream.
    /// </summary>
    public static double MaxToMedian(ReadOnlySpan<double> x) => MaxAbs(x) / MedianAbs(x);

    /// <summary>
    /// Angular distance between the stream before and after a block: per token
    /// arccos(cos(before_t, after_t))/π ∈ [0, 1] (0 = same direction, 1 = opposite), averaged over
    /// tokens. A token whose before or after vector is all zero has no direction: NaN.
    /// </summary>
    public static double AngularDistance(ReadOnlySpan<double> before, ReadOnlySpan<double> after, int rows, int width)
    {
        Shape(before, rows, width);
        if (after.Length != before.Length)
            throw new ArgumentException($"after has {after.Length} elements, before {before.Length}.", nameof(after));
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            var a = before.Slice(r * width, width);
            var b = after.Slice(r * width, width);
            double dot = 0, na = 0, nb = 0;
            for (int i = 0; i < width; i++)
            {
                dot += a[i] * b[i];
                na += a[i] * a[i];
                nb += b[i] * b[i];
            }
            double cos = Math.Clamp(dot / Math.Sqrt(na * nb), -1.0, 1.0); // clamp: rounding can leave |cos| a hair above 1
            sum += Math.Acos(cos) / Math.PI;
        }
        return sum / rows;
    }

    private static void Shape(ReadOnlySpan<double> x, int rows, int width)
    {
        if (rows < 1 || width < 1 || x.Length != rows * width)
            throw new ArgumentException($"stream has {x.Length} elements, not rows {rows} × width {width} (both ≥ 1).", nameof(x));
    }

    private static void NotEmpty(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty) throw new ArgumentException("the stream is empty.", nameof(x));
    }
}
