using NormLab.Models.Description;
using NormLab.Models.Forward;
using Xunit;

namespace NormLab.Models.Tests;

/// <summary>
/// Peri-LN's output norms run through PeriNormResidualKernel and LayerNorm Scaling's input norms through
/// LayerNormScalingKernel in float32; float64 runs the references. The two must agree to float32 rounding.
/// </summary>
public class DepthKernelPathTests
{
    [Theory]
    [InlineData(NormPlacement.Peri, false)]
    [InlineData(NormPlacement.Pre, true)]
    public void Float32_kernel_path_agrees_with_the_float64_references(NormPlacement placement, bool layerScaling)
    {
        var model = TestModels.SmallGpt(layers: 6, placement: placement, layerScaling: layerScaling);
        var input = ForwardInput.FromTokens(TestModels.SmallTokens);
        var f64 = ModelForward.Float64(model).Run(input);
        var f32 = ModelForward.Float32(model).Run(input);
        double maxAbs = 0, scale = 0;
        for (int i = 0; i < f64.Output.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(f32.Output[i] - f64.Output[i]));
            scale = Math.Max(scale, Math.Abs(f64.Output[i]));
        }
        Assert.InRange(maxAbs / scale, 1e-10, 1e-4); // really float32 (not bit-identical), yet close
    }

    [Fact]
    public void Fused_peri_block_adds_exactly_the_output_norms_the_observer_is_shown()
    {
        // after − before of a Peri-LN block = N_out(attention) + N_out(MLP): the fused kernel's residual
        // adds the same normalized outputs the observer sees computed on their own.
        var model = TestModels.SmallGpt(layers: 2, placement: NormPlacement.Peri);
        var capture = new PeriCapture();
        ModelForward.Float32(model).Run(ForwardInput.FromTokens(TestModels.SmallTokens), capture);
        foreach (int layer in new[] { 1, 2 })
        {
            var (before, after) = capture.Blocks[layer];
            var attn = capture.Norms[(layer, NormSite.AttentionOutput)];
            var mlp = capture.Norms[(layer, NormSite.MlpOutput)];
            for (int i = 0; i < after.Length; i++)
                Assert.Equal(before[i] + attn[i] + mlp[i], after[i], 1e-5 * (1 + Math.Abs(after[i])));
        }
    }

    private sealed class PeriCapture : ForwardObserver<float>
    {
        public readonly Dictionary<(int, NormSite), float[]> Norms = [];
        public readonly Dictionary<int, (float[] Before, float[] After)> Blocks = [];

        public override void OnNorm(int layer, NormSite site, ReadOnlySpan<float> output, int rows, int width) =>
            Norms[(layer, site)] = output.ToArray();

        public override void OnBlock(int layer, ReadOnlySpan<float> before, ReadOnlySpan<float> after, int rows, int width) =>
            Blocks[layer] = (before.ToArray(), after.ToArray());
    }
}
