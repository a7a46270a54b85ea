using NormLab.Models.Description;
using NormLab.Models.Forward;
using NormLab.Models.Formats.Llama2c;
using Xunit;

namespace NormLab.Models.Tests;

public class ForwardTests
{
    [Fact]
    public void Float32_forward_of_stories260K_agrees_with_float64_to_float32_rounding()
    {
        var model = TestModels.Stories260K();
        var input = ForwardInput.FromTokens(TestModels.Tokens);
        var f64 = ModelForward.Float64(model).Run(input);
        var f32 = ModelForward.Float32(model).Run(input);
        Assert.True(f64.IsLogits);
        Assert.Equal((TestModels.Tokens.Length, 512), (f64.Rows, f64.Width));
        double maxAbs = 0, scale = 0;
        for (int i = 0; i < f64.Output.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(f32.Output[i] - f64.Output[i]));
            scale = Math.Max(scale, Math.Abs(f64.Output[i]));
        }
        Assert.InRange(maxAbs / scale, 1e-9, 1e-4); // not bit-identical (really float32), but close
    }

    [Fact]
    public void Stories260K_stored_rotary_tables_match_the_rotary_the_forward_computes()
    {
        // llama2.c's legacy freq_cis tables sit between rms_final and the classifier; reading them at
        // the offsets the layout computes and finding cos/sin(pos·theta^(−2i/hd)) checks the layout.
        var (cos, sin) = Llama2cCheckpoint.ReadRotaryTables(TestModels.Stories260KPath);
        var c = TestModels.Stories260K().Config;
        int pairs = c.HeadDim / 2;
        for (int pos = 0; pos < c.MaxSeq; pos += 37)
            for (int i = 0; i < pairs; i++)
            {
                double angle = pos * Math.Pow(c.Rotary!.Theta, -2.0 * i / c.HeadDim);
                Assert.Equal(Math.Cos(angle), cos[pos * pairs + i], 5e-4);
                Assert.Equal(Math.Sin(angle), sin[pos * pairs + i], 5e-4);
            }
    }

    [Fact]
    public void Causal_model_output_at_a_position_does_not_depend_on_later_tokens()
    {
        var forward = ModelForward.Float64(TestModels.Stories260K());
        var a = forward.Run(ForwardInput.FromTokens([1, 45, 300, 7]));
        var b = forward.Run(ForwardInput.FromTokens([1, 45, 300, 99]));
        Assert.Equal(a.Output.AsSpan(0, 3 * 512).ToArray(), b.Output.AsSpan(0, 3 * 512).ToArray());
        Assert.NotEqual(a.Output.AsSpan(3 * 512).ToArray(), b.Output.AsSpan(3 * 512).ToArray());
    }

    [Fact]
    public void Observer_sees_every_block_in_order_with_the_stream_passed_on()
    {
        var model = TestModels.SmallGpt(layers: 4, placement: NormPlacement.Peri);
        var recorder = new StreamRecorder();
        ModelForward.Float64(model).Run(ForwardInput.FromTokens(TestModels.SmallTokens), recorder);
        Assert.Equal([1, 2, 3, 4], recorder.Layers);
        Assert.Equal(recorder.Entry, recorder.Before[0]);
        for (int l = 1; l < 4; l++) Assert.Equal(recorder.After[l - 1], recorder.Before[l]);
        // Peri-LN: four norms per block (input and output of both sublayers) plus the final one.
        Assert.Equal(4 * 4 + 1, recorder.Norms);
    }

    [Fact]
    public void LayerNorm_scaling_multiplies_each_input_norm_output_by_one_over_sqrt_layer()
    {
        var scaledModel = TestModels.SmallGpt(layers: 2, layerScaling: true);
        var plainModel = scaledModel with { Config = scaledModel.Config with { LayerScaling = false } };
        var scaled = new NormCapture();
        var plain = new NormCapture();
        ModelForward.Float64(scaledModel).Run(ForwardInput.FromTokens(TestModels.SmallTokens), scaled);
        ModelForward.Float64(plainModel).Run(ForwardInput.FromTokens(TestModels.SmallTokens), plain);
        // Block 1 scales by 1/sqrt(1) = 1, so block 2 sees the same stream in both; its input norm is scaled by 1/sqrt(2).
        Assert.Equal(plain.AttentionInput[1], scaled.AttentionInput[1]);
        var s = scaled.AttentionInput[2];
        var u = plain.AttentionInput[2];
        for (int i = 0; i < s.Length; i++) Assert.Equal(u[i] / Math.Sqrt(2), s[i], 1e-15);
    }

    private sealed class StreamRecorder : ForwardObserver<double>
    {
        public double[] Entry = [];
        public readonly List<int> Layers = [];
        public readonly List<double[]> Before = [], After = [];
        public int Norms;
        public override void OnEntry(ReadOnlySpan<double> stream, int rows, int width) => Entry = stream.ToArray();
        public override void OnNorm(int layer, NormSite site, ReadOnlySpan<double> output, int rows, int width) => Norms++;
        public override void OnBlock(int layer, ReadOnlySpan<double> before, ReadOnlySpan<double> after, int rows, int width)
        {
            Layers.Add(layer);
            Before.Add(before.ToArray());
            After.Add(after.ToArray());
        }
    }

    private sealed class NormCapture : ForwardObserver<double>
    {
        public readonly Dictionary<int, double[]> AttentionInput = [];
        public override void OnNorm(int layer, NormSite site, ReadOnlySpan<double> output, int rows, int width)
        {
            if (site == NormSite.AttentionInput) AttentionInput[layer] = output.ToArray();
        }
    }
}
