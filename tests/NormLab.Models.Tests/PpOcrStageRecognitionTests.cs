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
        var m = ppocr.Open();
        var branch = m.Branch;
        var graph = new OnnxGraph(ppocr.Model.Graph);

        Assert.Equal(120, branch.Width);
        Assert.Equal(4, branch.Sublayers.Count);  // 2 blocks × (attention, MLP)
        Assert.Equal((8, 15), m.Attention);
        for (int i = 0; i < 4; i += 2)
        {
            var (attention, mlp) = (branch.Sublayers[i], branch.Sublayers[i + 1]);
            Assert.Equal((120, 360), (attention.Readers.Single().Linear.In, attention.Readers.Single().Linear.Out));
            Assert.Equal((120, 120), (attention.Writer.In, attention.Writer.Out));
            Assert.Equal((120, 240, 120), (mlp.Readers.Single().Linear.In, mlp.Readers.Single().Linear.Out, mlp.Writer.Out));
        }
        Assert.Equal(5, branch.Norms.Count());
        Assert.Equal(5, OnnxLayerNorm.FindAll(graph).Count);
        // The stage input comes out of the conv stem, whose last op is the swish product (a non-linearity).
        Assert.Equal("Transpose", graph.Producer(branch.Entry)!.OpType);
        Assert.Null(StemRecentering.TryApply(graph, branch.Entry, branch.Width));
        Assert.Equal(branch.Sublayers[^1].Output, branch.FinalNorm.Input);
        var head = Assert.Single(branch.FinalReaders);
        Assert.Equal(LinearOp.PointwiseConv, head.Linear.Op);
        Assert.Equal(["Reshape", "Transpose"], head.Path.Select(n => n.OpType));
    }

    [Fact]
    public void Epsilons_are_read_from_the_graph()
    {
        var branch = ppocr.Open().Branch;

        Assert.All(branch.Sublayers, s => Assert.Equal(1e-5, s.Norm.Epsilon, 1e-12));
        Assert.Equal(1e-6, branch.FinalNorm.Epsilon, 1e-13);
    }

    [Fact]
    public void Recognition_does_not_depend_on_node_names()
    {
        var model = ppocr.Model.Clone();
        int i = 0;
        foreach (var node in model.Graph.Node) node.Name = $"n{i++}";

        var branch = PreLnRecognizer.Recognize(new OnnxGraph(model.Graph));
        Assert.Equal(4, branch.Sublayers.Count);
    }

    [Fact]
    public void A_broken_first_layer_norm_moves_the_entry_behind_it()
    {
        var model = ppocr.Model.Clone();
        // Turn the first LayerNorm's Sqrt into an Abs: that block half is now part of the "stem", and
        // the main branch starts at the next LayerNorm's input, still a valid Pre-LN chain.
        var sqrt = model.Graph.Node.First(n => n.OpType == "Sqrt");
        sqrt.OpType = "Abs";

        var branch = PreLnRecognizer.Recognize(new OnnxGraph(model.Graph), "model.onnx");
        Assert.Equal(3, branch.Sublayers.Count);
        Assert.Equal(ppocr.Open().Branch.Sublayers[0].Output, branch.Entry);
    }

    [Fact]
    public void An_extra_reader_of_the_main_branch_is_refused()
    {
        var model = ppocr.Model.Clone();
        var spy = new NodeProto { OpType = "Identity", Name = "spy" };
        spy.Input.Add(ppocr.Open().Branch.Sublayers[1].Output);
        spy.Output.Add("spy.out");
        model.Graph.Node.Add(spy);

        var e = Assert.Throws<InvalidDataException>(() => PreLnRecognizer.Recognize(new OnnxGraph(model.Graph)));
        Assert.Contains("also read by 'spy'", e.Message);
    }

    [Fact]
    public void A_graph_without_layer_norm_is_reported()
    {
        var model = ppocr.Model.Clone();
        foreach (var n in model.Graph.Node.Where(n => n.OpType == "ReduceMean")) n.OpType = "ReduceMax";

        var e = Assert.Throws<InvalidDataException>(() => PreLnRecognizer.Recognize(new OnnxGraph(model.Graph)));
        Assert.Contains("no LayerNorm", e.Message);
    }
}
