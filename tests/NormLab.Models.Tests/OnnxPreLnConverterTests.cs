using NormLab.Models.Description;
using NormLab.Models.Export;
using NormLab.Models.Onnx;
using NormLab.Models.Onnx.Proto;
using NormLab.Models.Synthetic;
using Xunit;
using Xunit.Abstractions;

namespace NormLab.Models.Tests;

/// <summary>The generic converter on hand-built graphs and on the lab's own GPT exports, checked in ORT.</summary>
public sealed class OnnxPreLnConverterTests(ITestOutputHelper output)
{
    // float32 rounding through a few blocks: measured 1.3e-7 … 6.8e-7 (max |Δ| / max |reference|) over
    // these graphs and targets; ORT's fused RMSNorm and the CRMSNorm arithmetic round differently from
    // LayerNorm, so leave a factor ~15 for other CPUs.
    private const double Float32Noise = 1e-5;

    public static TheoryData<string, bool, bool, bool, string> Spellings() => new()
    {
        // stem, LayerNormalization op (else decomposed), fused qkv, biases, activation
        { "gather", true, false, true, "Gelu" },
        { "gather", false, true, true, "Relu" },
        { "matmul", true, true, false, "Relu" },
        { "matmul", false, false, true, "Gelu" },
        { "cls", true, false, true, "Gelu" },
        { "conv", true, true, true, "Relu" },
        { "swish", false, true, true, "Gelu" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Converted_graph_computes_the_same_function(string stem, bool layerNormOp, bool fusedQkv, bool biases, string activation)
    {
        var options = new PreLnGraphOptions { Stem = stem, LayerNormOp = layerNormOp, FusedQkv = fusedQkv, Biases = biases, Activation = activation };
        var model = PreLnTestGraph.Build(options);
        var inputs = PreLnTestGraph.Inputs(options);
        var reference = OrtGraphRunner.Run(model, inputs);

        foreach (var target in new[] { OnnxStageTarget.PreRmsNorm, OnnxStageTarget.PreCRmsNorm })
        {
            var conversion = OnnxPreLnConverter.Convert(model, target, $"{stem}.onnx");
            Assert.Equal(4, conversion.Branch.Sublayers.Count);
            Assert.Empty(OnnxLayerNorm.FindAll(new OnnxGraph(conversion.Model.Graph)));
            double rel = OrtGraphRunner.RelativeError(OrtGraphRunner.Run(conversion.Model, inputs), reference);
            output.WriteLine($"{stem} ln-op={layerNormOp} fused={fusedQkv} biases={biases} {activation} {target}: max rel {rel:E2}");
            Assert.InRange(rel, 0, Float32Noise);
            // Linear stems are recentered in their constants; only a non-linear one needs the explicit mean.
            Assert.Equal(stem == "swish", conversion.Changes.Any(c => c.Contains("explicit mean subtraction")));
        }
    }

    [Fact]
    public void A_layer_norm_ending_the_stem_stays_in_the_stem()
    {
        var options = new PreLnGraphOptions { StemNorm = true };
        var model = PreLnTestGraph.Build(options);
        var inputs = PreLnTestGraph.Inputs(options);

        var conversion = OnnxPreLnConverter.Convert(model, OnnxStageTarget.PreCRmsNorm);

        Assert.Equal(4, conversion.Branch.Sublayers.Count);
        Assert.Single(OnnxLayerNorm.FindAll(new OnnxGraph(conversion.Model.Graph)));  // ln_pre is kept
        Assert.Contains(conversion.Changes, c => c.Contains("explicit mean subtraction"));
        Assert.InRange(OrtGraphRunner.RelativeError(OrtGraphRunner.Run(conversion.Model, inputs), OrtGraphRunner.Run(model, inputs)), 0, Float32Noise);
    }

    [Fact]
    public void Cli_branch_converts_any_pre_ln_file_and_refuses_post_ln_as_bad_input()
    {
        string dir = Directory.CreateTempSubdirectory("normlab-onnx-cli-").FullName;
        try
        {
            string preLn = Path.Combine(dir, "pre.onnx"), postLn = Path.Combine(dir, "post.onnx");
            OnnxModelFile.Save(PreLnTestGraph.Build(new PreLnGraphOptions { Stem = "cls" }), preLn);
            OnnxModelFile.Save(PreLnTestGraph.Build(new PreLnGraphOptions { PostLn = true }), postLn);

            Assert.Equal(0, NormLab.Cli.Commands.OnnxConvertBranch.Run(preLn, "pre-crmsnorm", Path.Combine(dir, "pre.crms.onnx")));
            // Bad input: the CLI's error boundary turns this into one line and exit code 2.
            var refused = Assert.Throws<InvalidDataException>(() => NormLab.Cli.Commands.OnnxConvertBranch.Run(postLn, "pre-rmsnorm", Path.Combine(dir, "post.rms.onnx")));
            Assert.Contains("Post-LN", refused.Message);

            Assert.Equal("pre-crmsnorm", OnnxConversionManifest.TryRead(Path.Combine(dir, "pre.crms.onnx"))!.Target);
            Assert.False(File.Exists(Path.Combine(dir, "post.rms.onnx")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Post_ln_graph_is_refused_naming_the_node()
    {
        var model = PreLnTestGraph.Build(new PreLnGraphOptions { PostLn = true });

        var e = Assert.Throws<InvalidDataException>(() => OnnxPreLnConverter.Convert(model, OnnxStageTarget.PreRmsNorm, "bert.onnx"));

        Assert.StartsWith("bert.onnx: not a convertible Pre-LN transformer: LayerNorm 'LayerNormalization_", e.Message);
        Assert.Contains("Post-LN", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Another_reader_of_the_main_branch_is_refused_naming_it()
    {
        var model = PreLnTestGraph.Build(new PreLnGraphOptions());
        var branch = PreLnRecognizer.Recognize(new OnnxGraph(model.Graph));
        var spy = new NodeProto { OpType = "Relu", Name = "spy" };
        spy.Input.Add(branch.Sublayers[2].Input);
        spy.Output.Add("spy.out");
        model.Graph.Node.Add(spy);

        var e = Assert.Throws<InvalidDataException>(() => OnnxPreLnConverter.Convert(model, OnnxStageTarget.PreCRmsNorm, "m.onnx"));

        Assert.Contains($"main-branch tensor '{branch.Sublayers[2].Input}' is also read by 'spy' (Relu)", e.Message);
    }

    [Fact]
    public void A_norm_output_read_by_a_non_linear_op_is_refused_naming_it()
    {
        var model = PreLnTestGraph.Build(new PreLnGraphOptions());
        var norm = PreLnRecognizer.Recognize(new OnnxGraph(model.Graph)).Sublayers[1].Norm;
        var spy = new NodeProto { OpType = "Tanh", Name = "squash" };
        spy.Input.Add(norm.Output);
        spy.Output.Add("squash.out");
        model.Graph.Node.Add(spy);

        var e = Assert.Throws<InvalidDataException>(() => OnnxPreLnConverter.Convert(model, OnnxStageTarget.PreRmsNorm, "m.onnx"));

        Assert.Equal($"m.onnx: not a convertible Pre-LN transformer: LayerNorm '{norm.Name}' output '{norm.Output}' is read by 'squash' (Tanh), not by a linear layer with constant weights over its {PreLnTestGraph.D} features", e.Message);
    }

    [Theory]
    [InlineData(MlpKind.GeluTanh, HeadKind.Tied)]
    [InlineData(MlpKind.SwiGlu, HeadKind.Untied)]
    public void Lab_gpt_export_converts_to_the_same_logits(MlpKind mlp, HeadKind head)
    {
        const int batch = 2, seq = 6;
        var gpt = SyntheticGpt.Create(new SyntheticGptOptions
        {
            Layers = 3, Dim = 32, Heads = 4, Hidden = 64, Vocab = 50, MaxSeq = 8, Mlp = mlp, Head = head,
        }, "tiny");
        var model = ModelProto.Parser.ParseFrom(TransformerOnnxExporter.Export(gpt, batch, seq));
        var tokens = OrtGraphRunner.Int64s("tokens", Enumerable.Range(0, batch * seq).Select(i => (long)(i * 7 % 50)).ToArray(), batch, seq);
        var reference = OrtGraphRunner.Run(model, tokens);

        foreach (var target in new[] { OnnxStageTarget.PreRmsNorm, OnnxStageTarget.PreCRmsNorm })
        {
            var conversion = OnnxPreLnConverter.Convert(model, target);
            Assert.Equal(2 * 3, conversion.Branch.Sublayers.Count);
            Assert.DoesNotContain(conversion.Changes, c => c.Contains("explicit mean"));  // Gather + positions: recentered in the tables
            double rel = OrtGraphRunner.RelativeError(OrtGraphRunner.Run(conversion.Model, tokens), reference);
            output.WriteLine($"gpt {mlp} {head} {target}: max rel {rel:E2}");
            Assert.InRange(rel, 0, Float32Noise);
        }
    }
}
