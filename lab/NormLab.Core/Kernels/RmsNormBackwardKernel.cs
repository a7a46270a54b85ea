using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;

namespace NormLab.Kernels;

/// <summary>
/// RMSNorm backward: dx = (dn − n·mean(dn ⊙ n))/rms, dgain/dbias accumulated (empty to skip). Mirrors
/// <see cref="Reference.RmsNormReference.Backward"/>.
/// </summary>
public static class RmsNormBackwardKernel
{
    public static void Scalar(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, float eps, Span<float> dx,
        Span<float> dgain, Span<float> dbias) => Run<ScalarMode>(x, d, gain, dy, eps, dx, dgain, dbias);

    public static void Simd(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, float eps, Span<float> dx,
        Span<float> dgain, Span<float> dbias) => Run<SimdMode>(x, d, gain, dy, eps, dx, dgain, dbias);

    private static void Run<TMode>(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, float eps, Span<float> dx,
        Span<float> dgain, Span<float> dbias) where TMode : struct, ILoopMode
    {
        BackwardArguments.Check(x.Length, d, d, gain.Length, dy.Length, eps, dx.Length, dgain.Length, dbias.Length, nameof(x));
        BackwardRunner.Run<TMode, RmsStatistic>(x, d, d, gain, dy, eps, BackwardForm.Rms, new RmsStatistic(d), dx, dgain, dbias);
    }
}
