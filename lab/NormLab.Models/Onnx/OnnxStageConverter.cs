using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// Rewrites the recognised SVTR stage of an ONNX model in place:
/// 1. one explicit mean subtraction where the stream enters (the conv stem ends in swish, so the
///    mean cannot be folded into weights), and every output projection (W_o, W_2 and biases)
///    recentered over its output dimension, so the main branch stays zero-mean;
/// 2. each LayerNorm replaced by a parameter-free RMSNorm (or CRMSNorm), its g and b folded into
///    the reader: W ← diag(g)·W, bias ← b·W + bias (the final norm's reader is the 1×1 Conv);
/// 3. for Pre-CRMSNorm, the last output column of every output projection dropped, the entry
///    sliced to d − 1, and every reader's rows folded: W'[i,:] = W[i,:] − W[d−1,:].
/// The weights come from <see cref="SvtrStageWeights.Convert"/> (float64) and are rounded to float32 once.
/// </summary>
public static class OnnxStageConverter
{
    /// <summary>A converted copy of <paramref name="model"/> (left unchanged) and the list of changes made.</summary>
    public static (ModelProto Model, IReadOnlyList<string> Changes) Convert(ModelProto model, OnnxStageTarget target, string source = "model")
    {
        var copy = model.Clone();
        var graph = new OnnxGraph(copy.Graph);
        var changes = Convert(graph, SvtrStageRecognizer.Recognize(graph, source), target);
        return (copy, changes);
    }

    public static IReadOnlyList<string> Convert(OnnxGraph g, SvtrStage stage, OnnxStageTarget target)
    {
        bool compressed = target == OnnxStageTarget.PreCRmsNorm;
        int d = stage.Width;
        var original = SvtrStageWeights.Read(g, stage);
        var converted = original.Convert(target);
        var changes = new List<string>();
        var b = new OnnxNodeBuilder(g, target.ToString());

        string stream = EnterZeroMean(b, stage, compressed, changes);
        for (int i = 0; i < stage.Blocks.Count; i++)
        {
            var (block, w) = (stage.Blocks[i], converted.Blocks[i]);
            ReplaceNorm(b, block.AttentionNorm, i == 0 ? stream : block.Input, d, compressed, changes);
            ReplaceNorm(b, block.MlpNorm, block.MlpNorm.Input, d, compressed, changes);
            SetLinear(g, block.Qkv, w.Qkv, changes, $"{block.AttentionNorm.GainName}, {block.AttentionNorm.BiasName} folded in");
            SetLinear(g, block.MlpUp, w.MlpUp, changes, $"{block.MlpNorm.GainName}, {block.MlpNorm.BiasName} folded in");
            SetLinear(g, block.AttentionOut, w.AttentionOut, changes, "recentered over the output dimension");
            SetLinear(g, block.MlpDown, w.MlpDown, changes, "recentered over the output dimension");
        }
        ReplaceNorm(b, stage.FinalNorm, stage.FinalNorm.Input, d, compressed, changes);
        SetConv(g, stage.FinalReader, converted.Head, d, compressed, changes);

        g.Remove(stage.Norms.SelectMany(n => n.Nodes));
        g.SortTopologically();
        return changes;
    }

    private static string EnterZeroMean(OnnxNodeBuilder b, SvtrStage stage, bool compressed, List<string> changes)
    {
        string mean = b.Add("ReduceMean", [stage.Input], null, OnnxNodeBuilder.Ints("axes", -1), OnnxNodeBuilder.Int("keepdims", 1));
        string stream = b.Add("Sub", [stage.Input, mean]);
        changes.Add($"entry '{stage.Input}': explicit mean subtraction over the hidden dimension (the stem ends in swish)");
        if (compressed)
        {
            // Opset 9 Slice takes attributes; the stream is [N, T, d], so the hidden axis is 2.
            stream = b.Add("Slice", [stream], null, OnnxNodeBuilder.Ints("axes", 2), OnnxNodeBuilder.Ints("starts", 0), OnnxNodeBuilder.Ints("ends", stage.Width - 1));
            changes.Add($"entry: last of {stage.Width} elements dropped (main branch stored in R^{stage.Width - 1})");
        }
        var firstResidual = stage.Blocks[0].AttentionResidual;
        for (int i = 0; i < firstResidual.Input.Count; i++)
            if (firstResidual.Input[i] == stage.Input) firstResidual.Input[i] = stream;
        return stream;
    }

    /// <summary>The norm without parameters, written to the LayerNorm's output name so its readers stay wired.</summary>
    private static void ReplaceNorm(OnnxNodeBuilder b, DecomposedLayerNorm norm, string input, int d, bool compressed, List<string> changes)
    {
        string squares = b.Add("Pow", [input, b.Scalar("two", 2.0)]);
        string meanSquare;
        if (compressed)
        {
            // CRMSNorm: the dropped element is −Σx̂, so mean(x²) = (Σx̂² + (Σx̂)²)/d.
            string sumSq = b.Add("ReduceSum", [squares], null, OnnxNodeBuilder.Ints("axes", -1), OnnxNodeBuilder.Int("keepdims", 1));
            string sum = b.Add("ReduceSum", [input], null, OnnxNodeBuilder.Ints("axes", -1), OnnxNodeBuilder.Int("keepdims", 1));
            string total = b.Add("Add", [sumSq, b.Add("Mul", [sum, sum])]);
            meanSquare = b.Add("Mul", [total, b.Scalar("inv_d", 1.0 / d)]);
        }
        else meanSquare = b.Add("ReduceMean", [squares], null, OnnxNodeBuilder.Ints("axes", -1), OnnxNodeBuilder.Int("keepdims", 1));
        string rms = b.Add("Sqrt", [b.Add("Add", [meanSquare, b.Scalar("eps", norm.Epsilon)])]);
        b.Add("Div", [input, rms], norm.Output);
        changes.Add($"LayerNorm → {(compressed ? "CRMSNorm" : "RMSNorm")} without parameters at '{norm.Output}' (eps {norm.Epsilon:G9})");
    }

    private static void SetLinear(OnnxGraph g, OnnxLinear lin, DenseWeights w, List<string> changes, string what)
    {
        lin.MatMul.Input[1] = g.AddInitializer(lin.WeightName, [w.In, w.Out], w.W);
        int bi = lin.BiasAdd.Input.IndexOf(lin.BiasName);
        lin.BiasAdd.Input[bi] = g.AddInitializer(lin.BiasName, [w.Out], w.Bias);
        changes.Add($"{lin.WeightName}, {lin.BiasName}: {what} → [{w.In},{w.Out}]");
    }

    /// <summary>The 1×1 Conv after the final norm: W[o, c] is the head's Wᵀ; a bias input is added.</summary>
    private static void SetConv(OnnxGraph g, SvtrFinalReader reader, DenseWeights head, int d, bool compressed, List<string> changes)
    {
        if (compressed)
        {
            string entry = OnnxShapeConstant.EntrySource(g, reader.Reshape.Input[1], 3)
                ?? throw new InvalidDataException($"final Reshape '{reader.Reshape.Name}': the channel entry of its target is not a constant, cannot narrow it to {d - 1}");
            string narrowed = g.AddInt64Initializer("final_reshape_channels", [d - 1]);
            var user = g.Consumers(entry).Single();
            for (int i = 0; i < user.Input.Count; i++) if (user.Input[i] == entry) user.Input[i] = narrowed;
        }
        reader.Conv.Input[1] = g.AddInitializer(reader.WeightName, [head.Out, head.In, 1, 1], StageFolding.Transpose(head.W, head.In, head.Out));
        string bias = g.AddInitializer(reader.BiasName ?? reader.WeightName + ".bias", [head.Out], head.Bias);
        if (reader.Conv.Input.Count > 2) reader.Conv.Input[2] = bias; else reader.Conv.Input.Add(bias);
        changes.Add($"final norm's g, b folded into Conv '{reader.Conv.Name}' (new bias){(compressed ? $", {head.In} input channels, Reshape target narrowed" : "")}");
    }
}
