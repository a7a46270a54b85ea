using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>
/// LayerNorm, y = g ⊙ (x − mean)/sqrt(var + eps) + b per row of d (empty gain/bias = absent).
/// Mirrors <see cref="Reference.LayerNormReference.Forward"/>. float32 and float16 storage; statistics
/// by the corrected two-pass algorithm (<see cref="LayerNormStatistic"/>), float32 accumulation.
/// </summary>
public static class LayerNormKernel
{
    public static void Scalar(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y) =>
        Run<ScalarMode>(x, d, gain, bias, eps, y);

    public static void Simd(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y) =>
        Run<SimdMode>(x, d, gain, bias, eps, y);

    public static void Scalar(ReadOnlySpan<Half> x, int d, ReadOnlySpan<Half> gain, ReadOnlySpan<Half> bias, float eps, Span<Half> y) =>
        Run<ScalarMode>(x, d, gain, bias, eps, y);

    public static void Simd(ReadOnlySpan<Half> x, int d, ReadOnlySpan<Half> gain, ReadOnlySpan<Half> bias, float eps, Span<Half> y) =>
        Run<SimdMode>(x, d, gain, bias, eps, y);

    private static void Run<TMode>(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y)
        where TMode : struct, ILoopMode
    {
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, y.Length);
        ForwardRunner.Norm<TMode, LayerNormStatistic>(x, d, gain, bias, eps, 1, default, y);
    }

    private static void Run<TMode>(ReadOnlySpan<Half> x, int d, ReadOnlySpan<Half> gain, ReadOnlySpan<Half> bias, float eps, Span<Half> y)
        where TMode : struct, ILoopMode
    {
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, y.Length);
        HalfRunner.Norm<TMode, LayerNormStatistic>(x, d, gain, bias, eps, default, y);
    }
}
