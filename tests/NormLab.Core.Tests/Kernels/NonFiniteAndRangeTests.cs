using NormLab.Kernels;
using NormLab.Reference;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>The NonFinite rule (a row with NaN/±Inf → all-NaN output row) and float32's range edges.</summary>
public class NonFiniteAndRangeTests
{
    public static TheoryData<float> Poisons() => new(float.NaN, float.PositiveInfinity, float.NegativeInfinity);

    [Theory]
    [MemberData(nameof(Poisons))]
    public void A_poisoned_row_is_all_NaN_and_other_rows_are_untouched(float poison)
    {
        const int d = 37;
        var x = new float[3 * d];
        for (int i = 0; i < x.Length; i++) x[i] = MathF.Sin(i);
        x[d + 30] = poison; // row 1, past pRMSNorm's k = ceil(0.3·37) = 12
        // (row width, kernel): CRMSNorm reads the same buffer as rows of d − 1 = 36, so index 67 is in its row 1 too.
        var kernels = new (int Width, Action<float[], float[]> Run)[]
        {
            (d, (a, y) => LayerNormKernel.Simd(a, d, [], [], 1e-5f, y)),
            (d, (a, y) => RmsNormKernel.Scalar(a, d, [], [], 1e-5f, y)),
            (d, (a, y) => PRmsNormKernel.Simd(a, d, 0.3, [], [], 1e-5f, y)),
            (d - 1, (a, y) => CRmsNormKernel.Simd(a.AsSpan(0, 3 * (d - 1)), d, [], [], 1e-5f, y.AsSpan(0, 3 * (d - 1)))),
        };
        foreach (var (width, run) in kernels)
        {
            var y = new float[x.Length];
            run(x, y);
            Assert.All(y.AsSpan(width, width).ToArray(), v => Assert.True(float.IsNaN(v)));
            Assert.All(y.AsSpan(0, width).ToArray(), v => Assert.True(float.IsFinite(v)));
            Assert.All(y.AsSpan(2 * width, width).ToArray(), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void Backward_poisons_dx_row_and_parameter_grads_like_the_reference()
    {
        const int d = 20;
        var x = new float[2 * d];
        for (int i = 0; i < x.Length; i++) x[i] = MathF.Cos(i);
        x[3] = float.NaN;
        var dy = Enumerable.Repeat(1f, x.Length).ToArray();
        float[] dx = new float[x.Length], dgain = new float[d], dbias = new float[d];
        LayerNormBackwardKernel.Simd(x, d, [], dy, 1e-5f, dx, dgain, dbias);
        Assert.All(dx[..d], v => Assert.True(float.IsNaN(v)));
        Assert.All(dx[d..], v => Assert.True(float.IsFinite(v)));
        Assert.All(dgain, v => Assert.True(float.IsNaN(v)));
        Assert.All(dbias, v => Assert.True(float.IsNaN(v)));
    }

    [Theory]
    [InlineData(1e30, 1e-5f)]   // x² overflows float32
    [InlineData(3e37, 1e-5f)]   // near float32's top: even Σx would overflow with more elements
    [InlineData(1e-22, 1e-45f)] // x² is subnormal in float32 and eps does not hide it
    public void Extreme_magnitudes_match_the_reference(double magnitude, float eps)
    {
        const int d = 100;
        var x = new float[d];
        for (int i = 0; i < d; i++) x[i] = (float)(magnitude * Math.Sin(i + 1));
        var xd = Array.ConvertAll(x, v => (double)v);
        var (ln, rms) = (new float[d], new float[d]);
        LayerNormKernel.Simd(x, d, [], [], eps, ln);
        RmsNormKernel.Simd(x, d, [], [], eps, rms);
        var (lnRef, rmsRef) = (new double[d], new double[d]);
        LayerNormReference.Forward(xd, d, [], [], eps, lnRef);
        RmsNormReference.Forward(xd, d, [], [], eps, rmsRef);
        for (int i = 0; i < d; i++)
        {
            Assert.True(Math.Abs(ln[i] - lnRef[i]) <= 1e-6, $"LN {i}: {ln[i]} vs {lnRef[i]}");
            Assert.True(Math.Abs(rms[i] - rmsRef[i]) <= 1e-6, $"RMS {i}: {rms[i]} vs {rmsRef[i]}");
        }
    }
}
