using Xunit;
using NormLab.Models.Onnx;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class PpOcrStageRecognitionTests(PpOcrTestModel ppocr)
{
    [Fact]
    public void Real_graph_has_two_blocks_of_width_120_and_a_final_norm()
    {
        var (_, graph, stage) = ppocr.Fresh();

        Assert.Equal(120, stage.Width);
        Assert.Equal(2, stage.Blocks.Count);
        Assert.All(stage.Blocks, b =>
        {
            Assert.Equal((8, 15), (b.Heads, b.HeadDim));
            Assert.Equal(1 / Math.Sqrt(15), b.AttentionScale, 1e-7);
            Assert.Equal((120, 360), (b.Qkv.In, b.Qkv.Out));
            Assert.Equal((120, 120), (b.AttentionOut.In, b.AttentionOut.Out));
            Assert.Equal((120, 240, 120), (b.MlpUp.In, b.MlpUp.Out, b.MlpDown.Out));
        });
        Assert.Equal(5, stage.Norms.Count());
        Assert.Equal(5, DecomposedLayerNorm.FindAll(graph).Count);
        // The stage input comes out of the conv stem, whose last op is the swish product (a non-linearity).
        Assert.Equal("Transpose", graph.Producer(stage.Input)!.OpType);
        Assert.Equal(stage.Blocks[^1].Output, stage.FinalNorm.Input);
        Assert.Equal("Conv", stage.FinalReader.Conv.OpType);
    }

    [Fact]
    public void Epsilons_are_read_from_the_graph()
    {
        var (_, _, stage) = ppocr.Fresh();

        Assert.All(stage.Blocks.SelectMany(b => new[] { b.AttentionNorm, b.MlpNorm }), n => Assert.Equal(1e-5, n.Epsilon, 1e-12));
        Assert.Equal(1e-6, stage.FinalNorm.Epsilon, 1e-13);
    }

    [Fact]
    public void Recognition_does_not_depend_on_node_names()
    {
        var model = ppocr.Model.Clone();
        int i = 0;
        foreach (var node in model.Graph.Node) node.Name = $"n{i++}";

        var stage = SvtrStageRecognizer.Recognize(new OnnxGraph(model.Graph));
        Assert.Equal(2, stage.Blocks.Count);
    }

    [Fact]
    public void A_broken_layer_norm_is_reported()
    {
        var model = ppocr.Model.Clone();
        // Turn the first LayerNorm's Sqrt into an Abs: no longer a LayerNorm, so the stage entry has none.
        var sqrt = model.Graph.Node.First(n => n.OpType == "Sqrt");
        sqrt.OpType = "Abs";

        var e = Assert.Throws<InvalidDataException>(() => SvtrStageRecognizer.Recognize(new OnnxGraph(model.Graph), "model.onnx"));
        Assert.Contains("model.onnx: Pre-LN transformer stage (SVTR) not recognised", e.Message);
    }

    [Fact]
    public void An_extra_reader_of_the_main_branch_is_refused()
    {
        var (model, _, stage) = ppocr.Fresh();
        var spy = new NodeProto { OpType = "Identity", Name = "spy" };
        spy.Input.Add(stage.Blocks[0].Output);
        spy.Output.Add("spy.out");
        model.Graph.Node.Add(spy);

        var e = Assert.Throws<InvalidDataException>(() => SvtrStageRecognizer.Recognize(new OnnxGraph(model.Graph)));
        Assert.Contains("also read by 'spy'", e.Message);
    }

    [Fact]
    public void A_graph_without_layer_norm_is_reported()
    {
        var model = ppocr.Model.Clone();
        foreach (var n in model.Graph.Node.Where(n => n.OpType == "ReduceMean")) n.OpType = "ReduceMax";

        var e = Assert.Throws<InvalidDataException>(() => SvtrStageRecognizer.Recognize(new OnnxGraph(model.Graph)));
        Assert.Contains("no decomposed LayerNorm", e.Message);
    }
}
