using System.Buffers;
using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>float16 rows: widen to float32, the same row algorithm as the float32 kernels, narrow the output.</summary>
public readonly unsafe struct HalfNormJob<TMode, TStat>(Half* x, Half* y, int width, AffineParams p, TStat statistic) : IRowJob
    where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
{
    public void Execute(int row)
    {
        long at = (long)row * width;
        // Normalized in place: one float32 row of scratch (32 KiB at d = 8192) stays in L1 between the passes.
        var scratch = ThreadScratch.Get(width);
        HalfConvert.ToSingle<TMode>(new ReadOnlySpan<Half>(x + at, width), scratch);
        NormRow.Forward<TMode, TStat>(scratch, p.Gain, p.Bias, p.Eps, p.OutScale, statistic, scratch);
        HalfConvert.ToHalf<TMode>(scratch, new Span<Half>(y + at, width));
    }
}

/// <summary>Widens gain/bias once per call into pooled buffers (no steady-state allocation), then runs the rows.</summary>
public static unsafe class HalfRunner
{
    public static void Norm<TMode, TStat>(ReadOnlySpan<Half> x, int width, ReadOnlySpan<Half> gain, ReadOnlySpan<Half> bias,
        float eps, TStat statistic, Span<Half> y)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
    {
        float[] parameters = ArrayPool<float>.Shared.Rent(Math.Max(gain.Length + bias.Length, 1));
        try
        {
            var g = parameters.AsSpan(0, gain.Length);
            var b = parameters.AsSpan(gain.Length, bias.Length);
            HalfConvert.ToSingle<TMode>(gain, g);
            HalfConvert.ToSingle<TMode>(bias, b);
            fixed (Half* px = x, py = y)
            fixed (float* pg = g, pb = b)
            {
                var p = new AffineParams(pg, g.Length, pb, b.Length, eps, 1);
                RowParallel.For(x.Length / width, width, new HalfNormJob<TMode, TStat>(px, py, width, p, statistic));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(parameters);
        }
    }
}
