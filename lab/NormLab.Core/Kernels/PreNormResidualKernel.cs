using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Reference;
using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>
/// The pre-norm residual step fused: h = x + y (the new stream) and output = Norm(h) (the next
/// sublayer's input), both returned; h is normalized while still in cache. Mirrors
/// <see cref="ResidualNormReference.PreNormAdd"/>.
/// </summary>
public static class PreNormResidualKernel
{
    public static void Scalar(NormKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int d, ReadOnlySpan<float> gain,
        ReadOnlySpan<float> bias, float eps, Span<float> h, Span<float> output) => Run<ScalarMode>(kind, x, y, d, gain, bias, eps, h, output);

    public static void Simd(NormKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int d, ReadOnlySpan<float> gain,
        ReadOnlySpan<float> bias, float eps, Span<float> h, Span<float> output) => Run<SimdMode>(kind, x, y, d, gain, bias, eps, h, output);

    private static void Run<TMode>(NormKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int d, ReadOnlySpan<float> gain,
        ReadOnlySpan<float> bias, float eps, Span<float> h, Span<float> output) where TMode : struct, ILoopMode
    {
        NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Required(y.Length, x.Length, nameof(y));
        NormArguments.Required(h.Length, x.Length, nameof(h));
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, output.Length, nameof(output));
        if (kind == NormKind.LayerNorm)
            ForwardRunner.PreNormResidual<TMode, LayerNormStatistic>(x, y, d, gain, bias, eps, default, h, output);
        else
            ForwardRunner.PreNormResidual<TMode, RmsStatistic>(x, y, d, gain, bias, eps, new RmsStatistic(d), h, output);
    }
}
