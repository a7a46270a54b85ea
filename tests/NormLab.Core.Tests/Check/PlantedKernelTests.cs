using NormLab.Check;
using NormLab.Variants;
using NormLab.Kernels;
using Xunit;

namespace NormLab.Core.Tests.Check;

/// <summary>The bounds are a real check: kernels with classic bugs must fail them.</summary>
public class PlantedKernelTests
{
    private sealed class PlantedLayerNorm(string name, Action<float[], int, float, float[]> kernel) : IKernelBackend
    {
        public string Name => name;
        public bool Supports(NormVariant variant, Dtype dtype) => variant == NormVariant.LayerNorm && dtype == Dtype.Float32;

        public float[][] Run(CheckCase c)
        {
            var y = new float[c.X.Length];
            kernel(c.X, c.D, c.Eps, y);
            return [y];
        }
    }

    /// <summary>Plain float32 LayerNorm with a planted fault: the statistic and the row length the loops see.</summary>
    private static void Faulty(float[] x, int d, float eps, float[] y, bool naive, bool useEps, int tailSkip)
    {
        for (int r = 0; r < x.Length / d; r++)
        {
            var row = x.AsSpan(r * d, d);
            float sum = 0, sq = 0;
            foreach (float v in row) { sum += v; sq += v * v; }
            float mean = sum / d, variance;
            if (naive) variance = sq / d - mean * mean;
            else { variance = 0; foreach (float v in row) variance += (v - mean) * (v - mean); variance /= d; }
            float inv = 1 / MathF.Sqrt(variance + (useEps ? eps : 0));
            if (!row.ToArray().All(float.IsFinite)) inv = float.NaN;
            for (int i = 0; i < d - tailSkip; i++) y[r * d + i] = (row[i] - mean) * inv;
        }
    }

    public static TheoryData<string> Faults() => new("naive-variance", "no-eps", "tail-off-by-one");

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_wrong_kernel_fails_the_check(string fault)
    {
        var backend = new PlantedLayerNorm(fault, (x, d, eps, y) =>
            Faulty(x, d, eps, y, naive: fault == "naive-variance", useEps: fault != "no-eps", tailSkip: fault == "tail-off-by-one" ? 1 : 0));
        var results = CheckRunner.Run(CheckSweep.Quick(), [backend]).ToList();
        Assert.Contains(results, r => !r.Pass);
    }

    [Fact]
    public void The_correct_plain_kernel_passes_where_the_planted_ones_fail()
    {
        var backend = new PlantedLayerNorm("two-pass", (x, d, eps, y) => LayerNormKernel.Scalar(x, d, [], [], eps, y));
        Assert.All(CheckRunner.Run(CheckSweep.Quick(), [backend]), r => Assert.True(r.Pass, $"{r.Rows}x{r.D} {r.Inputs}: {r.MaxUlp}"));
    }
}
