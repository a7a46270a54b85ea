using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>
/// CRMSNorm on compressed rows x̂ of d − 1 (the zero-mean x ∈ R^d without its last element):
/// y = g ⊙ x̂ / sqrt((Σx̂² + (Σx̂)²)/d + eps) (+ b), gain/bias of d − 1. Mirrors
/// <see cref="Reference.CRmsNormReference.Forward"/>.
/// </summary>
public static class CRmsNormKernel
{
    public static void Scalar(ReadOnlySpan<float> xHat, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps,
        Span<float> y) => Run<ScalarMode>(xHat, d, gain, bias, eps, y);

    public static void Simd(ReadOnlySpan<float> xHat, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps,
        Span<float> y) => Run<SimdMode>(xHat, d, gain, bias, eps, y);

    private static void Run<TMode>(ReadOnlySpan<float> xHat, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps,
        Span<float> y) where TMode : struct, ILoopMode
    {
        NormArguments.CompressedRows(xHat.Length, d, nameof(xHat));
        NormArguments.Optional(gain.Length, d - 1, nameof(gain));
        NormArguments.Optional(bias.Length, d - 1, nameof(bias));
        NormArguments.Epsilon(eps);
        NormArguments.Required(y.Length, xHat.Length, nameof(y));
        ForwardRunner.Norm<TMode, CRmsStatistic>(xHat, d - 1, gain, bias, eps, 1, new CRmsStatistic(d), y);
    }
}
