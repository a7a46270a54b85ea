using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>One row of any forward norm: statistic, then the affine apply (or an all-NaN row).</summary>
public static class NormRow
{
    public static void Forward<TMode, TStat>(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        float eps, float outScale, TStat statistic, Span<float> y, bool nonTemporal = false)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
    {
        var stats = statistic.Compute<TMode>(x, eps);
        if (stats.NonFinite) { y.Fill(float.NaN); return; }
        Apply<TMode>(x, gain, bias, stats, outScale, y, nonTemporal);
    }

    /// <summary>y = (n ⊙ g + b)·outScale with n from <paramref name="stats"/>; one op body for all gain/bias shapes; nonTemporal: see <see cref="StreamingStores"/>.</summary>
    public static void Apply<TMode>(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        RowStats stats, float outScale, Span<float> y, bool nonTemporal = false) where TMode : struct, ILoopMode
    {
        var (shift, delta, scale) = (stats.Shift, stats.Delta, stats.Scale);
        if (gain.IsEmpty && bias.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<NoAffine>>(x, x, x, y, new(shift, delta, scale, outScale), nonTemporal);
        else if (bias.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<GainOnly>>(x, gain, x, y, new(shift, delta, scale, outScale), nonTemporal);
        else if (gain.IsEmpty)
            VectorLoop.Map<TMode, NormalizeOp<BiasOnly>>(x, x, bias, y, new(shift, delta, scale, outScale), nonTemporal);
        else
            VectorLoop.Map<TMode, NormalizeOp<GainAndBias>>(x, gain, bias, y, new(shift, delta, scale, outScale), nonTemporal);
    }
}
