using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>
/// A row statistic: LayerNorm's (mean, 1/σ), RMSNorm's 1/rms over the first k elements, CRMSNorm's.
/// Rows in any storage (<see cref="IElementStorage{TElem}"/>), widened in the loop. Fast path: float32 element work through <see cref="VectorLoop"/> (float32 blocks, float64 block
/// sums); the O(1) per-row finish (divide, add eps, sqrt, reciprocal) in float64, which costs nothing. A row whose float32
/// sums are not finite (NaN/Inf present, or x² overflowed at |x| ≳ 1e19) or are tiny (below
/// <see cref="StatisticLimits.TinySquares"/>: squares may have underflowed at |x| ≲ 1e-19) goes to
/// <see cref="ExtendedStatistics"/>, which decides NaN-row or recomputes in float64 (range 1e±308).
/// </summary>
public interface IRowStatistic
{
    /// <param name="row">The row, in its storage.</param>
    /// <param name="eps">Added under the square root.</param>
    /// <param name="widened">
    /// Empty, or room for the row in float32: then the first pass also writes the widened row there and any later pass
    /// reads it, so a narrow row is widened once, inside the statistic (the apply then reads it too).
    /// </param>
    RowStats Compute<TMode, TStore, TElem>(ReadOnlySpan<TElem> row, float eps, Span<float> widened = default)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged;
}

/// <summary>Thresholds shared by the statistics.</summary>
internal static class StatisticLimits
{
    /// <summary>
    /// 2^-64. Float32 squares below 2^-126 lose bits (subnormal) or vanish; a sum of squares of at least
    /// 2^-64 means what was lost is below 2^-126·d / 2^-64 ≈ 2^-48 relative (d ≤ 2^14): harmless.
    /// </summary>
    public const double TinySquares = 5.421010862427522e-20;
}

/// <summary>
/// LayerNorm: corrected two-pass. Pass 1: μ = fl(Σx/d). Pass 2: S1 = Σ(x−μ), S2 = Σ(x−μ)².
/// δ = S1/d is μ's rounding error; var = S2/d − δ². x − μ is exact-ish when x is near μ (Sterbenz),
/// so mean 1e4 with std 1 keeps full float32 accuracy, where E[x²] − E[x]² loses every bit.
/// </summary>
public readonly struct LayerNormStatistic : IRowStatistic
{
    public RowStats Compute<TMode, TStore, TElem>(ReadOnlySpan<TElem> row, float eps, Span<float> widened = default)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        int d = row.Length;
        bool widen = !widened.IsEmpty;
        double sum = (widen
            ? VectorLoop.ReduceWidening<TMode, SumOp, TStore, TElem>(row, default, widened)
            : VectorLoop.Reduce<TMode, SumOp, TStore, TElem>(row, [], [], default)).Item1;
        if (double.IsFinite(sum))
        {
            float mean = (float)(sum / d);
            var (s1, s2) = widen
                ? VectorLoop.Reduce<TMode, CenteredMomentsOp, Float32Storage, float>(widened[..d], [], [], new CenteredMomentsOp(mean))
                : VectorLoop.Reduce<TMode, CenteredMomentsOp, TStore, TElem>(row, [], [], new CenteredMomentsOp(mean));
            if (double.IsFinite(s2) && s2 >= StatisticLimits.TinySquares)
            {
                double delta = s1 / d;
                double variance = Math.Max(s2 / d - delta * delta, 0);
                return new RowStats(mean, (float)delta, (float)(1 / Math.Sqrt(variance + eps)), false);
            }
        }
        return ExtendedStatistics.LayerNorm<TStore, TElem>(row, eps);
    }
}

/// <summary>RMSNorm / pRMSNorm: 1/sqrt(mean(x²) + eps) over the first <paramref name="count"/> elements.</summary>
public readonly struct RmsStatistic(int count) : IRowStatistic
{
    public RowStats Compute<TMode, TStore, TElem>(ReadOnlySpan<TElem> row, float eps, Span<float> widened = default)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        bool widen = !widened.IsEmpty;
        var head = row[..count];
        double sq = (widen
            ? VectorLoop.ReduceWidening<TMode, SquareOp, TStore, TElem>(head, default, widened[..count])
            : VectorLoop.Reduce<TMode, SquareOp, TStore, TElem>(head, [], [], default)).Item1;
        if (count < row.Length)
        {
            // pRMSNorm never reads the tail for its statistic; NaN/Inf there must still poison the row.
            var tail = row[count..];
            sq += (widen
                ? VectorLoop.ReduceWidening<TMode, NonFiniteProbeOp, TStore, TElem>(tail, default, widened[count..row.Length])
                : VectorLoop.Reduce<TMode, NonFiniteProbeOp, TStore, TElem>(tail, [], [], default)).Item1;
        }
        if (double.IsFinite(sq) && sq >= StatisticLimits.TinySquares)
            return new RowStats(0, 0, (float)(1 / Math.Sqrt(sq / count + eps)), false);
        return ExtendedStatistics.Rms<TStore, TElem>(row, count, eps);
    }
}

/// <summary>CRMSNorm on a compressed row x̂ of d − 1: 1/sqrt((Σx̂² + (Σx̂)²)/d + eps).</summary>
public readonly struct CRmsStatistic(int d) : IRowStatistic
{
    public RowStats Compute<TMode, TStore, TElem>(ReadOnlySpan<TElem> row, float eps, Span<float> widened = default)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        var (s, sq) = widened.IsEmpty
            ? VectorLoop.Reduce<TMode, SumAndSquareOp, TStore, TElem>(row, [], [], default)
            : VectorLoop.ReduceWidening<TMode, SumAndSquareOp, TStore, TElem>(row, default, widened);
        if (double.IsFinite(sq) && double.IsFinite(s) && sq >= StatisticLimits.TinySquares)
            return new RowStats(0, 0, (float)(1 / Math.Sqrt((sq + s * s) / d + eps)), false);
        return ExtendedStatistics.CRms<TStore, TElem>(row, d, eps);
    }
}
