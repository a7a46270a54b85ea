namespace NormLab.Kernels.Rows;

/// <summary>
/// The rare-row path: a row holding NaN/±Inf is poisoned (the lab's NonFinite rule); otherwise its
/// statistic is recomputed with float64 sums, whose range (1e±308) holds x² for every float32 x. Only
/// rows whose float32 sums overflowed or nearly vanished come here, so the cost is off the hot path.
/// </summary>
internal static class ExtendedStatistics
{
    public static RowStats LayerNorm(ReadOnlySpan<float> row, float eps)
    {
        if (AnyNonFinite(row)) return RowStats.Poisoned;
        double sum = 0;
        foreach (float v in row) sum += v;
        double mean = sum / row.Length;
        double sq = 0;
        foreach (float v in row) sq += (v - mean) * (v - mean);
        float shift = (float)mean;
        return new RowStats(shift, (float)(mean - shift), (float)(1 / Math.Sqrt(sq / row.Length + eps)), false);
    }

    public static RowStats Rms(ReadOnlySpan<float> row, int count, float eps)
    {
        if (AnyNonFinite(row)) return RowStats.Poisoned;
        return new RowStats(0, 0, (float)(1 / Math.Sqrt(SumOfSquares(row[..count]) / count + eps)), false);
    }

    public static RowStats CRms(ReadOnlySpan<float> row, int d, float eps)
    {
        if (AnyNonFinite(row)) return RowStats.Poisoned;
        double s = 0;
        foreach (float v in row) s += v;
        return new RowStats(0, 0, (float)(1 / Math.Sqrt((SumOfSquares(row) + s * s) / d + eps)), false);
    }

    private static double SumOfSquares(ReadOnlySpan<float> xs)
    {
        double sq = 0;
        foreach (float v in xs) sq += (double)v * v;
        return sq;
    }

    private static bool AnyNonFinite(ReadOnlySpan<float> row)
    {
        foreach (float v in row)
            if (!float.IsFinite(v)) return true;
        return false;
    }
}
