using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Reference;
using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>
/// pRMSNorm: RMSNorm whose mean of squares covers only the first k = ceil(p·d) elements
/// (<see cref="RmsNormReference.PartialCount"/>, the one shared definition). Mirrors
/// <see cref="RmsNormReference.PartialForward"/>.
/// </summary>
public static class PRmsNormKernel
{
    public static void Scalar(ReadOnlySpan<float> x, int d, double p, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps,
        Span<float> y) => Run<ScalarMode>(x, d, p, gain, bias, eps, y);

    public static void Simd(ReadOnlySpan<float> x, int d, double p, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps,
        Span<float> y) => Run<SimdMode>(x, d, p, gain, bias, eps, y);

    private static void Run<TMode>(ReadOnlySpan<float> x, int d, double p, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps,
        Span<float> y) where TMode : struct, ILoopMode
    {
        NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Fraction(p);
        KernelArguments.Forward(x.Length, d, gain.Length, bias.Length, eps, y.Length);
        ForwardRunner.Norm<TMode, RmsStatistic>(x, d, gain, bias, eps, 1, new RmsStatistic(RmsNormReference.PartialCount(p, d)), y);
    }
}
