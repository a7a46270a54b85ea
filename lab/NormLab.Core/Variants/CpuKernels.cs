using NormLab.Kernels;

namespace NormLab.Variants;

/// <summary>
/// A row-wise forward kernel in the registry's one shape: inputs x and residual (empty where unused),
/// gain/bias (empty = absent), and up to two outputs in the variant's output order (the second empty
/// where there is one output). The bench binds it to its buffers once; a call allocates nothing.
/// </summary>
public delegate void ForwardKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> residual, int d, ReadOnlySpan<float> gain,
    ReadOnlySpan<float> bias, float eps, Span<float> first, Span<float> second);

/// <summary>A backward kernel: dx, and dgain/dbias summed over rows.</summary>
public delegate void BackwardKernel(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, float eps,
    Span<float> dx, Span<float> dgain, Span<float> dbias);

/// <summary>A norm on float16 or bfloat16 storage (float32 accumulation).</summary>
public delegate void NarrowKernel<T>(ReadOnlySpan<T> x, int d, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, float eps, Span<T> y);

/// <summary>The scalar and the SIMD kernel of one variant.</summary>
public sealed record CpuPair<TKernel>(TKernel Scalar, TKernel Simd) where TKernel : Delegate
{
    public TKernel For(bool simd) => simd ? Simd : Scalar;
}

/// <summary>The float16 and bfloat16 storage kernels of the two statistics that have them.</summary>
public static class NarrowKernels
{
    public static NarrowKernel<Half> Float16(VariantStatistic statistic, bool simd) => statistic switch
    {
        VariantStatistic.MeanVariance => simd ? LayerNormKernel.Simd : LayerNormKernel.Scalar,
        VariantStatistic.Rms => simd ? RmsNormKernel.Simd : RmsNormKernel.Scalar,
        _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "no float16 CPU kernel"),
    };

    public static NarrowKernel<BFloat16> BFloat16(VariantStatistic statistic, bool simd) => statistic switch
    {
        VariantStatistic.MeanVariance => simd ? LayerNormKernel.Simd : LayerNormKernel.Scalar,
        VariantStatistic.Rms => simd ? RmsNormKernel.Simd : RmsNormKernel.Scalar,
        _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "no bfloat16 CPU kernel"),
    };
}
