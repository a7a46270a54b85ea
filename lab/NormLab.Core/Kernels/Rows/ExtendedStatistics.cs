using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>
/// The rare-row path: a row holding NaN/±Inf is poisoned (the lab's NonFinite rule); otherwise its
/// statistic is recomputed with float64 sums, whose range (1e±308) holds x² for every float32 x. Only
/// rows whose float32 sums overflowed or nearly vanished come here, so the cost is off the hot path.
/// </summary>
internal static class ExtendedStatistics
{
    public static RowStats LayerNorm<TStore, TElem>(ReadOnlySpan<TElem> row, float eps)
        where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        if (AnyNonFinite<TStore, TElem>(row)) return RowStats.Poisoned;
        double sum = 0;
        foreach (var v in row) sum += TStore.Widen(v);
        double mean = sum / row.Length;
        double sq = 0;
        foreach (var v in row) sq += (TStore.Widen(v) - mean) * (TStore.Widen(v) - mean);
        float shift = (float)mean;
        return new RowStats(shift, (float)(mean - shift), (float)(1 / Math.Sqrt(sq / row.Length + eps)), false);
    }

    public static RowStats Rms<TStore, TElem>(ReadOnlySpan<TElem> row, int count, float eps)
        where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        if (AnyNonFinite<TStore, TElem>(row)) return RowStats.Poisoned;
        return new RowStats(0, 0, (float)(1 / Math.Sqrt(SumOfSquares<TStore, TElem>(row[..count]) / count + eps)), false);
    }

    public static RowStats CRms<TStore, TElem>(ReadOnlySpan<TElem> row, int d, float eps)
        where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        if (AnyNonFinite<TStore, TElem>(row)) return RowStats.Poisoned;
        double s = 0;
        foreach (var v in row) s += TStore.Widen(v);
        return new RowStats(0, 0, (float)(1 / Math.Sqrt((SumOfSquares<TStore, TElem>(row) + s * s) / d + eps)), false);
    }

    private static double SumOfSquares<TStore, TElem>(ReadOnlySpan<TElem> xs)
        where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        double sq = 0;
        foreach (var v in xs) sq += (double)TStore.Widen(v) * TStore.Widen(v);
        return sq;
    }

    private static bool AnyNonFinite<TStore, TElem>(ReadOnlySpan<TElem> row)
        where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        foreach (var v in row)
            if (!float.IsFinite(TStore.Widen(v))) return true;
        return false;
    }
}
