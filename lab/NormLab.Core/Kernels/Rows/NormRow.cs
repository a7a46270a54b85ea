using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>One row of any forward norm: statistic, then the affine apply (or an all-NaN row).</summary>
public static class NormRow
{
    public static void Forward<TMode, TStat>(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        float eps, float outScale, TStat statistic, Span<float> y, bool nonTemporal = false, NextRow next = default)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic =>
        Forward<TMode, TStat, Float32Storage, float>(x, gain, bias, eps, outScale, statistic, y, nonTemporal, next);

    /// <summary>A row in any storage: x and y in TElem, gain/bias already float32; every pass widens x in the loop.</summary>
    public static void Forward<TMode, TStat, TStore, TElem>(ReadOnlySpan<TElem> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        float eps, float outScale, TStat statistic, Span<TElem> y, bool nonTemporal = false, NextRow next = default)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        var stats = statistic.Compute<TMode, TStore, TElem>(x, eps);
        if (stats.NonFinite) { y.Fill(TStore.Narrow(float.NaN)); return; }
        Apply<TMode, TStore, TElem>(x, gain, bias, stats, outScale, y, nonTemporal, next);
    }

    /// <summary>
    /// y = (n ⊙ g + b)·outScale with n from <paramref name="stats"/>; one op body for all gain/bias shapes; nonTemporal: see
    /// <see cref="StreamingStores"/>; next: the row prefetched meanwhile (<see cref="NextRow"/>).
    /// </summary>
    public static void Apply<TMode, TStore, TElem>(ReadOnlySpan<TElem> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        RowStats stats, float outScale, Span<TElem> y, bool nonTemporal = false, NextRow next = default)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        var (shift, delta, scale) = (stats.Shift, stats.Delta, stats.Scale);
        if (gain.IsEmpty && bias.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<NoAffine>, TStore, TElem>(x, [], [], y, new(shift, delta, scale, outScale), nonTemporal, next);
        else if (bias.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<GainOnly>, TStore, TElem>(x, gain, [], y, new(shift, delta, scale, outScale), nonTemporal, next);
        else if (gain.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<BiasOnly>, TStore, TElem>(x, [], bias, y, new(shift, delta, scale, outScale), nonTemporal, next);
        else
            VectorLoop.Map<TMode, NormalizeOp<GainAndBias>, TStore, TElem>(x, gain, bias, y, new(shift, delta, scale, outScale), nonTemporal, next);
    }

    /// <summary>The apply from a float32 row into narrower storage: narrowed in the store.</summary>
    public static void ApplyNarrowing<TMode, TStore, TElem>(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        RowStats stats, float outScale, Span<TElem> y, NextRow next)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        var (shift, delta, scale) = (stats.Shift, stats.Delta, stats.Scale);
        if (gain.IsEmpty && bias.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<NoAffine>, Float32Storage, float, TStore, TElem>(x, [], [], y, new(shift, delta, scale, outScale), next);
        else if (bias.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<GainOnly>, Float32Storage, float, TStore, TElem>(x, gain, [], y, new(shift, delta, scale, outScale), next);
        else if (gain.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<BiasOnly>, Float32Storage, float, TStore, TElem>(x, [], bias, y, new(shift, delta, scale, outScale), next);
        else
            VectorLoop.Map<TMode, NormalizeOp<GainAndBias>, Float32Storage, float, TStore, TElem>(x, gain, bias, y, new(shift, delta, scale, outScale), next);
    }
}
