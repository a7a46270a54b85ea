using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;

namespace NormLab.Kernels;

/// <summary>
/// LayerNorm, y = g ⊙ (x − mean)/sqrt(var + eps) + b per row of d (empty gain/bias = absent).
/// Mirrors <see cref="Reference.LayerNormReference.Forward"/>. float32, float16 and bfloat16 storage; statistics
/// by the corrected two-pass algorithm (<see cref="LayerNormStatistic"/>), float32 accumulation.
/// </summary>
public static class LayerNormKernel
{
    public static void Scalar(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y) =>
        Run<ScalarMode>(x, d, gain, bias, eps, y);

    public static void Simd(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y) =>
        Run<SimdMode>(x, d, gain, bias, eps, y);

    public static void Scalar(ReadOnlySpan<Half> x, int d, ReadOnlySpan<Half> gain, ReadOnlySpan<Half> bias, float eps, Span<Half> y) =>
        RunNarrow<ScalarMode, Float16Storage, Half>(x, d, gain, bias, eps, y);

    public static void Simd(ReadOnlySpan<Half> x, int d, ReadOnlySpan<Half> gain, ReadOnlySpan<Half> bias, float eps, Span<Half> y) =>
        RunNarrow<SimdMode, Float16Storage, Half>(x, d, gain, bias, eps, y);

    public static void Scalar(ReadOnlySpan<BFloat16> x, int d, ReadOnlySpan<BFloat16> gain, ReadOnlySpan<BFloat16> bias, float eps, Span<BFloat16> y) =>
        RunNarrow<ScalarMode, BFloat16Storage, BFloat16>(x, d, gain, bias, eps, y);

    public static void Simd(ReadOnlySpan<BFloat16> x, int d, ReadOnlySpan<BFloat16> gain, ReadOnlySpan<BFloat16> bias, float eps, Span<BFloat16> y) =>
        RunNarrow<SimdMode, BFloat16Storage, BFloat16>(x, d, gain, bias, eps, y);

    private static void Run<TMode>(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y)
        where TMode : struct, ILoopMode
    {
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, y.Length);
        ForwardRunner.Norm<TMode, LayerNormStatistic>(x, d, gain, bias, eps, 1, default, y);
    }

    private static void RunNarrow<TMode, TStore, TElem>(ReadOnlySpan<TElem> x, int d, ReadOnlySpan<TElem> gain, ReadOnlySpan<TElem> bias,
        float eps, Span<TElem> y)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, y.Length);
        NarrowRunner.Norm<TMode, LayerNormStatistic, TStore, TElem>(x, d, gain, bias, eps, default, y);
    }
}
