using NormLab.Check;
using NormLab.Kernels;
using NormLab.Reference;
using Xunit;
using Xunit.Abstractions;

namespace NormLab.Core.Tests.Kernels;

/// <summary>Mean 1e4, std 1: what naive E[x²] − E[x]² in float32 loses, against the corrected two-pass kernel.</summary>
public class VarianceAlgorithmTests(ITestOutputHelper output)
{
    [Fact]
    public void Corrected_two_pass_keeps_float32_accuracy_where_the_naive_formula_loses_every_bit()
    {
        const int d = 4096;
        var x = CaseFactory.Normal(new Random(7), d, 1e4, 1);
        var (mean, invStd) = LayerNormReference.Stats(Array.ConvertAll(x, v => (double)v), 0);
        double trueVar = 1 / (invStd * invStd);

        float sum = 0, sq = 0;
        foreach (float v in x) { sum += v; sq += v * v; }
        float naiveMean = sum / d;
        double naiveVar = sq / d - naiveMean * naiveMean;
        double naiveRelErr = Math.Abs(naiveVar - trueVar) / trueVar;

        var y = new float[d];
        LayerNormKernel.Simd(x, d, [], [], 1e-30f, y);
        var reference = new double[d];
        LayerNormReference.Forward(Array.ConvertAll(x, v => (double)v), d, [], [], 1e-30f, reference);
        double kernelErr = 0;
        for (int i = 0; i < d; i++) kernelErr = Math.Max(kernelErr, Math.Abs(y[i] - reference[i]));

        output.WriteLine($"true var {trueVar:G6}; naive float32 E[x²]−E[x]² = {naiveVar:G6} (relative error {naiveRelErr:G3}); " +
                         $"kernel max abs output error {kernelErr:G3} (mean {mean:G6})");
        Assert.True(naiveRelErr > 0.5, $"naive variance unexpectedly survived: relative error {naiveRelErr}");
        Assert.True(kernelErr < 4e-6, $"kernel output error {kernelErr}");
    }
}
