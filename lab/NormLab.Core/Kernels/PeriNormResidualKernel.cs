using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Reference;
using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>
/// Peri-LN's output side fused with the residual add: h = x + Norm(y), y being the sublayer's output.
/// One sweep per row (the norm lands in h, x is added while the row is in cache). Mirrors
/// <see cref="ResidualNormReference.PeriOutput"/>.
/// </summary>
public static class PeriNormResidualKernel
{
    public static void Scalar(NormKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int d, ReadOnlySpan<float> gain,
        ReadOnlySpan<float> bias, float eps, Span<float> h) => Run<ScalarMode>(kind, x, y, d, gain, bias, eps, h);

    public static void Simd(NormKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int d, ReadOnlySpan<float> gain,
        ReadOnlySpan<float> bias, float eps, Span<float> h) => Run<SimdMode>(kind, x, y, d, gain, bias, eps, h);

    private static void Run<TMode>(NormKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int d, ReadOnlySpan<float> gain,
        ReadOnlySpan<float> bias, float eps, Span<float> h) where TMode : struct, ILoopMode
    {
        NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Required(y.Length, x.Length, nameof(y));
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, h.Length, nameof(h));
        if (kind == NormKind.LayerNorm)
            ForwardRunner.PeriResidual<TMode, LayerNormStatistic>(x, y, d, gain, bias, eps, default, h);
        else
            ForwardRunner.PeriResidual<TMode, RmsStatistic>(x, y, d, gain, bias, eps, new RmsStatistic(d), h);
    }
}
