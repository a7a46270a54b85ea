using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;

namespace NormLab.Kernels;

/// <summary>
/// RMSNorm, y = g ⊙ x / sqrt(mean(x²) + eps) (+ b) per row of d. Mirrors
/// <see cref="Reference.RmsNormReference.Forward"/>; float32, float16 and bfloat16 storage, float32 accumulation.
/// </summary>
public static class RmsNormKernel
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
        ForwardRunner.Norm<TMode, RmsStatistic>(x, d, gain, bias, eps, 1, new RmsStatistic(d), y);
    }

    private static void RunNarrow<TMode, TStore, TElem>(ReadOnlySpan<TElem> x, int d, ReadOnlySpan<TElem> gain, ReadOnlySpan<TElem> bias,
        float eps, Span<TElem> y)
        where TMode : struct, ILoopMode where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, y.Length);
        NarrowRunner.Norm<TMode, RmsStatistic, TStore, TElem>(x, d, gain, bias, eps, new RmsStatistic(d), y);
    }
}
