using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;

namespace NormLab.Kernels;

/// <summary>
/// CRMSNorm backward on compressed rows x̂ (d − 1): dx̂ = (dn − (n + s/r)·(1/d)Σdn ⊙ n)/r, s = Σx̂;
/// dgain/dbias (d − 1) accumulated. Mirrors <see cref="Reference.CRmsNormReference.Backward"/>.
/// </summary>
public static class CRmsNormBackwardKernel
{
    public static void Scalar(ReadOnlySpan<float> xHat, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, float eps, Span<float> dx,
        Span<float> dgain, Span<float> dbias) => Run<ScalarMode>(xHat, d, gain, dy, eps, dx, dgain, dbias);

    public static void Simd(ReadOnlySpan<float> xHat, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, float eps, Span<float> dx,
        Span<float> dgain, Span<float> dbias) => Run<SimdMode>(xHat, d, gain, dy, eps, dx, dgain, dbias);

    private static void Run<TMode>(ReadOnlySpan<float> xHat, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, float eps,
        Span<float> dx, Span<float> dgain, Span<float> dbias) where TMode : struct, ILoopMode
    {
        BackwardArguments.Check(xHat.Length, d, d - 1, gain.Length, dy.Length, eps, dx.Length, dgain.Length, dbias.Length, nameof(xHat));
        BackwardRunner.Run<TMode, CRmsStatistic>(xHat, d - 1, d, gain, dy, eps, BackwardForm.CRms, new CRmsStatistic(d), dx, dgain, dbias);
    }
}
