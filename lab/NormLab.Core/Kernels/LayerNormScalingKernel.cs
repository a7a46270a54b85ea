using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Reference;

namespace NormLab.Kernels;

/// <summary>
/// LayerNorm Scaling: LayerNorm of block ℓ (1-based) times 1/sqrt(ℓ), applied in the same pass as the
/// affine (no second sweep). Mirrors <see cref="LayerNormScalingReference.Forward"/>.
/// </summary>
public static class LayerNormScalingKernel
{
    public static void Scalar(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, int layer,
        Span<float> y) => Run<ScalarMode>(x, d, gain, bias, eps, layer, y);

    public static void Simd(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, int layer,
        Span<float> y) => Run<SimdMode>(x, d, gain, bias, eps, layer, y);

    private static void Run<TMode>(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, int layer,
        Span<float> y) where TMode : struct, ILoopMode
    {
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, y.Length);
        float scale = (float)LayerNormScalingReference.Scale(layer);
        ForwardRunner.Norm<TMode, LayerNormStatistic>(x, d, gain, bias, eps, scale, default, y);
    }
}
