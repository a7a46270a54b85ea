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
/// All folding is done in float64 from the stored float32 weights and rounded once.
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
        var changes = new List<string>();
        var b = new OnnxNodeBuilder(g, target.ToString());

        string stream = EnterZeroMean(g, b, stage, compressed, changes);
        foreach (var proj in stage.OutputProjections)
            RecenterOutputProjection(g, proj, compressed, changes);

        foreach (var block in stage.Blocks)
        {
            ReplaceNorm(g, b, block.AttentionNorm, block.Input == stage.Input ? stream : block.Input, d, compressed, changes);
            FoldIntoLinear(g, block.Qkv, block.AttentionNorm, compressed, changes);
            ReplaceNorm(g, b, block.MlpNorm, block.MlpNorm.Input, d, compressed, changes);
            FoldIntoLinear(g, block.MlpUp, block.MlpNorm, compressed, changes);
        }
        ReplaceNorm(g, b, stage.FinalNorm, stage.FinalNorm.Input, d, compressed, changes);
        FoldIntoConv(g, stage.FinalReader, stage.FinalNorm, d, compressed, changes);

        g.Remove(stage.Norms.SelectMany(n => n.Nodes));
        g.SortTopologically();
        return changes;
    }

    private static string EnterZeroMean(OnnxGraph g, OnnxNodeBuilder b, SvtrStage stage, bool compressed, List<string> changes)
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

    private static void RecenterOutputProjection(OnnxGraph g, OnnxLinear proj, bool compressed, List<string> changes)
    {
        var w = proj.Weight(g);
        var bias = proj.Bias(g);
        StageFolding.RecenterColumns(w, proj.In, proj.Out);
        StageFolding.RecenterColumns(bias, 1, proj.Out);
        int outKept = compressed ? proj.Out - 1 : proj.Out;
        SetLinear(g, proj, StageFolding.KeepColumns(w, proj.In, proj.Out, outKept), proj.In, outKept,
            StageFolding.KeepColumns(bias, 1, proj.Out, outKept));
        changes.Add($"{proj.WeightName}, {proj.BiasName}: recentered over the output dimension{(compressed ? $", last column dropped → [{proj.In},{outKept}]" : "")}");
    }

    private static void FoldIntoLinear(OnnxGraph g, OnnxLinear reader, DecomposedLayerNorm norm, bool compressed, List<string> changes)
    {
        var (w, bias) = StageFolding.FoldGainBias(reader.Weight(g), reader.Bias(g), norm.Gain(g), norm.Bias(g), reader.In, reader.Out);
        int rows = reader.In;
        if (compressed) (w, rows) = (StageFolding.FoldLastRow(w, reader.In, reader.Out), reader.In - 1);
        SetLinear(g, reader, w, rows, reader.Out, bias);
        changes.Add($"{norm.GainName}, {norm.BiasName} folded into {reader.WeightName}, {reader.BiasName}{(compressed ? $"; last input row folded → [{rows},{reader.Out}]" : "")}");
    }

    private static void FoldIntoConv(OnnxGraph g, SvtrFinalReader reader, DecomposedLayerNorm norm, int d, bool compressed, List<string> changes)
    {
        // A 1×1 Conv over channels is a linear layer: W[o, c] acts as Wᵀ[c, o] on each pixel.
        var wt = g.Constant(reader.WeightName);
        int cout = (int)wt.Dims[0];
        var wT = StageFolding.Transpose(g.ConstantValues(reader.WeightName), cout, d);
        var oldBias = reader.BiasName is { } bn ? g.ConstantValues(bn) : new double[cout];
        var (w, bias) = StageFolding.FoldGainBias(wT, oldBias, norm.Gain(g), norm.Bias(g), d, cout);
        int rows = d;
        if (compressed)
        {
            (w, rows) = (StageFolding.FoldLastRow(w, d, cout), d - 1);
            string entry = OnnxShapeConstant.EntrySource(g, reader.Reshape.Input[1], 3)
                ?? throw new InvalidDataException($"final Reshape '{reader.Reshape.Name}': channel entry of its target is not a constant, cannot narrow it to {d - 1}");
            string narrowed = g.AddInt64Initializer("final_reshape_channels", [d - 1]);
            var user = g.Consumers(entry).Single();
            for (int i = 0; i < user.Input.Count; i++) if (user.Input[i] == entry) user.Input[i] = narrowed;
        }
        reader.Conv.Input[1] = g.AddInitializer(reader.WeightName, [cout, rows, 1, 1], StageFolding.Transpose(w, rows, cout));
        string biasName = g.AddInitializer(reader.BiasName ?? reader.WeightName + ".bias", [cout], bias);
        if (reader.Conv.Input.Count > 2) reader.Conv.Input[2] = biasName; else reader.Conv.Input.Add(biasName);
        changes.Add($"final {norm.GainName}, {norm.BiasName} folded into Conv '{reader.Conv.Name}' weights and a new bias{(compressed ? $"; channels folded to {rows}, Reshape target narrowed" : "")}");
    }

    private static void ReplaceNorm(OnnxGraph g, OnnxNodeBuilder b, DecomposedLayerNorm norm, string input, int d, bool compressed, List<string> changes)
    {
        string two = b.Scalar("two", 2.0);
        string eps = b.Scalar("eps", norm.Epsilon);
        string squares = b.Add("Pow", [input, two]);
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
        string rms = b.Add("Sqrt", [b.Add("Add", [meanSquare, eps])]);
        b.Add("Div", [input, rms], norm.Output);
        changes.Add($"LayerNorm → {(compressed ? "CRMSNorm" : "RMSNorm")} without parameters at '{norm.Output}' (eps {norm.Epsilon:G9})");
    }

    private static void SetLinear(OnnxGraph g, OnnxLinear lin, double[] w, int rows, int cols, double[] bias)
    {
        lin.MatMul.Input[1] = g.AddInitializer(lin.WeightName, [rows, cols], w);
        int bi = lin.BiasAdd.Input.IndexOf(lin.BiasName);
        lin.BiasAdd.Input[bi] = g.AddInitializer(lin.BiasName, [cols], bias);
    }
}
