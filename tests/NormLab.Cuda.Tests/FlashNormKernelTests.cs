using NormLab.Cuda.Runtime;
using NormLab.Kernels;
using NormLab.Reference;

namespace NormLab.Cuda.Tests;

/// <summary>FlashNorm (RMS and LayerNorm forms) on the CPU accelerator's tiled GEMM + epilogue, against
/// the reference's norm-then-linear definition.</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class FlashNormKernelTests(CpuAcceleratorFixture gpu)
{
    [Theory]
    [InlineData(NormKind.RmsNorm)]
    [InlineData(NormKind.LayerNorm)]
    public void DeferredNormalizationMatchesNormThenLinear(NormKind kind)
    {
        var flash = new GpuFlashNorm(gpu.Device);
        Assert.Equal("tiled-gemm", flash.GemmName);
        foreach (var (d, n) in new[] { (1, 3), (17, 9), (65, 20), (300, 33) })
        {
            const int rowsPerFamily = 2;
            // The mean-offset family is left out: the LayerNorm form's x·W* − μ·1ᵀW* cancels
            // catastrophically when μ dwarfs σ (inherent to FlashNorm's algebra, see the README).
            var families = InputFamilies.All.Where(f => f != "offset1e4").ToArray();
            var x = families.SelectMany((f, i) => InputFamilies.Make(f, rowsPerFamily, d, d + i)).ToArray();
            var gain = InputFamilies.Normal(d, seed: 3, scale: 0.5, offset: 1);
            var bias = InputFamilies.Normal(d, seed: 4, scale: 0.1);
            var w = InputFamilies.Normal(d * n, seed: 6, scale: 1 / Math.Sqrt(d));
            var c = InputFamilies.Normal(n, seed: 8, scale: 0.1);
            var weights = FlashNormWeights.Fold(kind, gain, bias, w, d, n, c);

            var actual = flash.Forward(kind, x, d, weights, 1e-5);

            var expected = new double[x.Length / d * n];
            FlashNormReference.Forward(kind, ReferenceBounds.Stored(x, Dtype.Float32), d, ReferenceBounds.Stored(gain, Dtype.Float32),
                ReferenceBounds.Stored(bias, Dtype.Float32), 1e-5, ReferenceBounds.Stored(w, Dtype.Float32), n,
                ReferenceBounds.Stored(c, Dtype.Float32), expected);
            // A dot product of d terms: the float32 bound scaled by sqrt(d).
            ReferenceBounds.AssertClose(expected, actual, n, Dtype.Float32, $"flashnorm {kind} d={d} n={n}", int.MaxValue, Math.Sqrt(d));
        }
    }
}
