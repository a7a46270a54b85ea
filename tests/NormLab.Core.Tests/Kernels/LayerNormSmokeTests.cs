using NormLab.Kernels;
using NormLab.Reference;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

public class LayerNormSmokeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Simd_and_scalar_match_the_float64_reference(int d)
    {
        var rng = new Random(d);
        int rows = 5;
        var x = new float[rows * d];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 4 - 2);
        var reference = new double[x.Length];
        LayerNormReference.Forward(Array.ConvertAll(x, v => (double)v), d, [], [], 1e-5f, reference);
        var simd = new float[x.Length];
        var scalar = new float[x.Length];
        LayerNormKernel.Simd(x, d, [], [], 1e-5f, simd);
        LayerNormKernel.Scalar(x, d, [], [], 1e-5f, scalar);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(simd[i] - reference[i]) <= 1e-5, $"simd {i}: {simd[i]} vs {reference[i]}");
            Assert.True(Math.Abs(scalar[i] - reference[i]) <= 1e-5, $"scalar {i}: {scalar[i]} vs {reference[i]}");
        }
    }
}
