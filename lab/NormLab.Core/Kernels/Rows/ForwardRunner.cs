using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>Pins the spans of a validated forward call and hands the rows to <see cref="RowParallel"/>.</summary>
public static unsafe class ForwardRunner
{
    public static void Norm<TMode, TStat>(ReadOnlySpan<float> x, int width, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias,
        float eps, float outScale, TStat statistic, Span<float> y)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
    {
        fixed (float* px = x, pg = gain, pb = bias, py = y)
        {
            var p = new AffineParams(pg, gain.Length, pb, bias.Length, eps, outScale);
            RowParallel.For(x.Length / width, width, new NormJob<TMode, TStat>(px, py, width, p, statistic,
                StreamingStores.Pay((long)y.Length * sizeof(float))));
        }
    }

    public static void PeriResidual<TMode, TStat>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int width, ReadOnlySpan<float> gain,
        ReadOnlySpan<float> bias, float eps, TStat statistic, Span<float> h)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
    {
        fixed (float* px = x, py = y, pg = gain, pb = bias, ph = h)
        {
            var p = new AffineParams(pg, gain.Length, pb, bias.Length, eps, 1);
            RowParallel.For(x.Length / width, width, new PeriResidualJob<TMode, TStat>(px, py, ph, width, p, statistic));
        }
    }

    public static void PreNormResidual<TMode, TStat>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int width, ReadOnlySpan<float> gain,
        ReadOnlySpan<float> bias, float eps, TStat statistic, Span<float> h, Span<float> output)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
    {
        fixed (float* px = x, py = y, pg = gain, pb = bias, ph = h, po = output)
        {
            var p = new AffineParams(pg, gain.Length, pb, bias.Length, eps, 1);
            RowParallel.For(x.Length / width, width, new PreNormResidualJob<TMode, TStat>(px, py, ph, po, width, p, statistic));
        }
    }
}
