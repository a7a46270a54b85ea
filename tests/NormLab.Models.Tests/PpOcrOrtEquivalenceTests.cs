using Xunit;
using NormLab.Models.Onnx;
using NormLab.Models.Onnx.PpOcr;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class PpOcrOrtEquivalenceTests(PpOcrTestModel ppocr)
{
    // Probabilities are float32 through ~40 layers; the rewrite changes rounding, not the function.
    // Measured ≤ 2e-4 (CRMSNorm) and ≤ 2e-5 (RMSNorm) on these lines; 1e-3 leaves room for other CPUs.
    private const double MaxProbabilityDiff = 1e-3;

    [Fact]
    public void Original_model_reads_the_rendered_lines()
    {
        var images = PpOcrOrtComparison.RenderSamples(out _);
        using var original = new PpOcrSession(ppocr.Model);
        var rows = PpOcrOrtComparison.Compare(original, ppocr.Model, ppocr.Decoder, images);

        Assert.All(rows, r => Assert.Equal(r.Text, r.Original));
        Assert.All(rows, r => Assert.Equal(0, r.MaxProbabilityDiff));
    }

    [Theory]
    [InlineData(OnnxStageTarget.PreRmsNorm)]
    [InlineData(OnnxStageTarget.PreCRmsNorm)]
    public void Converted_graph_recognises_the_same_strings(OnnxStageTarget target)
    {
        var converted = OnnxPreLnConverter.Convert(ppocr.Model, target).Model;
        var images = PpOcrOrtComparison.RenderSamples(out _);

        using var original = new PpOcrSession(ppocr.Model);
        var rows = PpOcrOrtComparison.Compare(original, converted, ppocr.Decoder, images);

        Assert.All(rows, r => Assert.Equal(r.Original, r.Converted));
        Assert.All(rows, r => Assert.InRange(r.MaxProbabilityDiff, 0, MaxProbabilityDiff));
        Assert.Contains(rows, r => r.MaxProbabilityDiff > 0);  // the graphs really differ
    }

    [Fact]
    public void Pre_rms_norm_graph_has_no_layer_norm_left()
    {
        var (converted, _, changes) = OnnxPreLnConverter.Convert(ppocr.Model, OnnxStageTarget.PreRmsNorm);
        var graph = new OnnxGraph(converted.Graph);

        Assert.Empty(OnnxLayerNorm.FindAll(graph));
        Assert.Equal(5, changes.Count(c => c.Contains("→ RMSNorm without parameters")));
        Assert.Equal(5, graph.Proto.Node.Count(n => n.OpType == "SimplifiedLayerNormalization"));
        Assert.Throws<InvalidDataException>(() => PreLnRecognizer.Recognize(graph));
    }

    [Fact]
    public void Pre_crms_norm_graph_keeps_the_main_branch_in_d_minus_1()
    {
        var converted = OnnxPreLnConverter.Convert(ppocr.Model, OnnxStageTarget.PreCRmsNorm).Model;
        var graph = new OnnxGraph(converted.Graph);
        var projections = graph.Proto.Node.Where(n => n.OpType == "MatMul").Select(n => graph.IsConstant(n.Input[1]) ? graph.Constant(n.Input[1]).Dims.ToArray() : []).ToList();

        // qkv and MLP-up read 119 inputs; W_o and W_2 write 119 outputs (the head reads the Conv stack, 120 → 6625 is untouched).
        Assert.Equal(4, projections.Count(d => d is [119, _]));
        Assert.Equal(4, projections.Count(d => d is [_, 119]));
    }
}
