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
        if (gain.IsEmpty && bias.IsEmpty) Apply<TMode, TStore, TElem, NoAffine>(x, gain, bias, stats, outScale, y, nonTemporal, next);
        else if (bias.IsEmpty) Apply<TMode, TStore, TElem, GainOnly>(x, gain, bias, stats, outScale, y, nonTemporal, next);
        else if (gain.IsEmpty) Apply<TMode, TStore, TElem, BiasOnly>(x, gain, bias, stats, outScale, y, nonTemporal, next);
        else Apply<TMode, TStore, TElem, GainAndBias>(x, gain, bias, stats, outScale, y, nonTemporal, next);
    }

    private static void Apply<TMode, TStore, TElem, TAffine>(ReadOnlySpan<TElem> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        RowStats stats, float outScale, Span<TElem> y, bool nonTemporal, NextRow next)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged where TAffine : struct, IAffineShape
    {
        if (!NormalizeForms.RescaleIsIdentity(outScale))
            VectorLoop.Map<TMode, NormalizeOp<TAffine, FullForm>, TStore, TElem>(x, gain, bias, y, new(stats.Shift, stats.Delta, stats.Scale, outScale), nonTemporal, next);
        else if (NormalizeForms.CenteringIsIdentity(stats.Shift, stats.Delta))
            VectorLoop.Map<TMode, NormalizeOp<TAffine, ScaleOnly>, TStore, TElem>(x, gain, bias, y, new(stats.Shift, stats.Delta, stats.Scale, outScale), nonTemporal, next);
        else
            VectorLoop.Map<TMode, NormalizeOp<TAffine, CenterOnly>, TStore, TElem>(x, gain, bias, y, new(stats.Shift, stats.Delta, stats.Scale, outScale), nonTemporal, next);
    }

    /// <summary>The apply from a float32 row into narrower storage: narrowed in the store.</summary>
    public static void ApplyNarrowing<TMode, TStore, TElem>(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        RowStats stats, float outScale, Span<TElem> y, NextRow next)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        if (gain.IsEmpty && bias.IsEmpty) ApplyNarrowing<TMode, TStore, TElem, NoAffine>(x, gain, bias, stats, outScale, y, next);
        else if (bias.IsEmpty) ApplyNarrowing<TMode, TStore, TElem, GainOnly>(x, gain, bias, stats, outScale, y, next);
        else if (gain.IsEmpty) ApplyNarrowing<TMode, TStore, TElem, BiasOnly>(x, gain, bias, stats, outScale, y, next);
        else ApplyNarrowing<TMode, TStore, TElem, GainAndBias>(x, gain, bias, stats, outScale, y, next);
    }

    private static void ApplyNarrowing<TMode, TStore, TElem, TAffine>(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        RowStats stats, float outScale, Span<TElem> y, NextRow next)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged where TAffine : struct, IAffineShape
    {
        if (!NormalizeForms.RescaleIsIdentity(outScale))
            VectorLoop.Map<TMode, NormalizeOp<TAffine, FullForm>, Float32Storage, float, TStore, TElem>(x, gain, bias, y, new(stats.Shift, stats.Delta, stats.Scale, outScale), next);
        else if (NormalizeForms.CenteringIsIdentity(stats.Shift, stats.Delta))
            VectorLoop.Map<TMode, NormalizeOp<TAffine, ScaleOnly>, Float32Storage, float, TStore, TElem>(x, gain, bias, y, new(stats.Shift, stats.Delta, stats.Scale, outScale), next);
        else
            VectorLoop.Map<TMode, NormalizeOp<TAffine, CenterOnly>, Float32Storage, float, TStore, TElem>(x, gain, bias, y, new(stats.Shift, stats.Delta, stats.Scale, outScale), next);
    }
}
