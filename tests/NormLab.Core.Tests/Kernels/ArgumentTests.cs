using NormLab.Kernels;
using NormLab.Reference;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>Bad arguments throw ArgumentException naming the argument, in kernels and references alike.</summary>
public class ArgumentTests
{
    private static readonly float[] X8 = new float[8];
    private static readonly float[] Y8 = new float[8];

    public static TheoryData<string, Action> Cases() => new()
    {
        { "x", () => LayerNormKernel.Simd(X8, 3, [], [], 1e-5f, Y8) },
        { "d", () => LayerNormKernel.Scalar(X8, 0, [], [], 1e-5f, Y8) },
        { "eps", () => RmsNormKernel.Simd(X8, 4, [], [], 0f, Y8) },
        { "eps", () => RmsNormKernel.Simd(X8, 4, [], [], -1f, Y8) },
        { "eps", () => LayerNormKernel.Simd(X8, 4, [], [], float.NaN, Y8) },
        { "y", () => LayerNormKernel.Simd(X8, 4, [], [], 1e-5f, new float[4]) },
        { "gain", () => LayerNormKernel.Simd(X8, 4, new float[3], [], 1e-5f, Y8) },
        { "bias", () => RmsNormKernel.Scalar(X8, 4, [], new float[5], 1e-5f, Y8) },
        { "p", () => PRmsNormKernel.Simd(X8, 4, 0, [], [], 1e-5f, Y8) },
        { "p", () => PRmsNormKernel.Simd(X8, 4, 1.5, [], [], 1e-5f, Y8) },
        { "p", () => PRmsNormKernel.Scalar(X8, 4, double.NaN, [], [], 1e-5f, Y8) },
        { "layer", () => LayerNormScalingKernel.Simd(X8, 4, [], [], 1e-5f, 0, Y8) },
        { "xHat", () => CRmsNormKernel.Simd(X8, 4, [], [], 1e-5f, Y8) },           // 8 is not a multiple of d − 1 = 3
        { "d", () => CRmsNormKernel.Scalar(X8, 1, [], [], 1e-5f, Y8) },
        { "gain", () => CRmsNormKernel.Simd(X8, 5, new float[5], [], 1e-5f, Y8) }, // must be d − 1 = 4
        { "y", () => PeriNormResidualKernel.Simd(NormKind.LayerNorm, X8, new float[4], 4, [], [], 1e-5f, Y8) },
        { "h", () => PreNormResidualKernel.Simd(NormKind.RmsNorm, X8, X8, 4, [], [], 1e-5f, new float[3], Y8) },
        { "dy", () => LayerNormBackwardKernel.Simd(X8, 4, [], new float[4], 1e-5f, Y8, [], []) },
        { "dgain", () => RmsNormBackwardKernel.Simd(X8, 4, [], X8, 1e-5f, Y8, new float[3], []) },
        { "xHat", () => CRmsNormBackwardKernel.Simd(X8, 4, [], X8, 1e-5f, Y8, [], []) },
        { "weights", () => FlashNormKernel.Simd(X8, 2, FlashNormWeights.Fold(NormKind.RmsNorm, [], [], new float[8], 4, 2, []), 1e-5f, Y8) },
        { "w", () => FlashNormWeights.Fold(NormKind.RmsNorm, [], [], new float[7], 4, 2, []) },
        { "eps", () => LayerNormReference.Forward(new double[8], 4, [], [], 0, new double[8]) },
        { "layer", () => LayerNormScalingReference.Forward(new double[8], 4, [], [], 1e-5, 0, new double[8]) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Throws_ArgumentException_naming_the_argument(string name, Action call)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(name, e.ParamName);
    }
}
