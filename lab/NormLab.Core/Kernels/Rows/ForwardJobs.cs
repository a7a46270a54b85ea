using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>The per-call constants of a forward norm: pinned gain/bias (length 0 = absent), eps, outScale.</summary>
public readonly unsafe struct AffineParams(float* gain, int gainLength, float* bias, int biasLength, float eps, float outScale)
{
    public ReadOnlySpan<float> Gain => new(gain, gainLength);
    public ReadOnlySpan<float> Bias => new(bias, biasLength);
    public float Eps => eps;
    public float OutScale => outScale;
}

/// <summary>y = Norm(x), row by row.</summary>
public readonly unsafe struct NormJob<TMode, TStat>(float* x, float* y, int width, AffineParams p, TStat statistic, bool nonTemporal) : IRowJob
    where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
{
    public void Execute(int row)
    {
        long at = (long)row * width;
        NormRow.Forward<TMode, TStat>(new ReadOnlySpan<float>(x + at, width), p.Gain, p.Bias, p.Eps, p.OutScale, statistic,
            new Span<float>(y + at, width), nonTemporal, NextRow.After(x, at, width));
    }
}

/// <summary>Peri-LN output side: h = x + Norm(y), the norm written into h, then x added in place.</summary>
public readonly unsafe struct PeriResidualJob<TMode, TStat>(float* x, float* y, float* h, int width, AffineParams p, TStat statistic) : IRowJob
    where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
{
    public void Execute(int row)
    {
        long at = (long)row * width;
        var hr = new Span<float>(h + at, width);
        NormRow.Forward<TMode, TStat>(new ReadOnlySpan<float>(y + at, width), p.Gain, p.Bias, p.Eps, p.OutScale, statistic, hr,
            next: NextRow.After(y, at, width));
        var xr = new ReadOnlySpan<float>(x + at, width);
        VectorLoop.Map<TMode, AddOp>(hr, xr, xr, hr, default);
    }
}

/// <summary>Pre-norm residual step: h = x + y written, then out = Norm(h) while h is still in cache.</summary>
public readonly unsafe struct PreNormResidualJob<TMode, TStat>(float* x, float* y, float* h, float* output, int width, AffineParams p,
    TStat statistic) : IRowJob
    where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
{
    public void Execute(int row)
    {
        long at = (long)row * width;
        var hr = new Span<float>(h + at, width);
        var yr = new ReadOnlySpan<float>(y + at, width);
        VectorLoop.Map<TMode, AddOp>(new ReadOnlySpan<float>(x + at, width), yr, yr, hr, default);
        NormRow.Forward<TMode, TStat>(hr, p.Gain, p.Bias, p.Eps, p.OutScale, statistic, new Span<float>(output + at, width),
            next: NextRow.After(x, at, width));
    }
}
