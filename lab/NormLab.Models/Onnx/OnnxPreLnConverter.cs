using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// Rewrites any ONNX Pre-LN transformer (<see cref="PreLnRecognizer"/>) to Pre-RMSNorm or Pre-CRMSNorm:
/// 1. the entry made zero-mean (<see cref="StreamEntry"/>) and every writer recentered over its outputs;
/// 2. each LayerNorm replaced by a parameter-free RMSNorm — ORT's fused SimplifiedLayerNormalization
///    (registered in the default domain at every opset) — and its g, b folded into the readers;
/// 3. Pre-CRMSNorm: stream in R^(d−1), writers' last output dropped, readers' last input folded,
///    CRMSNorm as x̂ / sqrt((Σx̂² + (Σx̂)²)/d + eps) (ONNX has no op for it).
/// Weights come from <see cref="PreLnWeights.Convert"/> in float64, rounded to float32 once.
/// </summary>
public static class OnnxPreLnConverter
{
    public static OnnxPreLnConversion Convert(ModelProto model, OnnxStageTarget target, string source = "model")
    {
        var copy = model.Clone();
        var g = new OnnxGraph(copy.Graph);
        var branch = PreLnRecognizer.Recognize(g, source);
        var weights = PreLnWeights.Read(g, branch).Convert(target);
        bool compressed = target == OnnxStageTarget.PreCRmsNorm;
        var b = new OnnxNodeBuilder(g, target.ToString(), OnnxNodeBuilder.OpsetOf(copy));
        var changes = new List<string>();

        string stream = StreamEntry.Apply(g, b, branch, compressed, changes);
        for (int i = 0; i < branch.Sublayers.Count; i++)
        {
            var (s, w) = (branch.Sublayers[i], weights.Sublayers[i]);
            ReplaceNorm(b, s.Norm, i == 0 ? stream : s.Input, branch.Width, compressed, changes);
            WriteReaders(g, s.Norm, s.Readers, w.Readers, branch.Width, compressed, changes);
            changes.Add($"writer '{s.Writer.WeightName}': recentered over the output dimension{(compressed ? ", last output dropped" : "")} → [{w.Writer.Out} out, {w.Writer.In} in]");
            s.Writer.Write(g, w.Writer);
        }
        ReplaceNorm(b, branch.FinalNorm, branch.FinalNorm.Input, branch.Width, compressed, changes);
        WriteReaders(g, branch.FinalNorm, branch.FinalReaders, weights.FinalReaders, branch.Width, compressed, changes);

        g.Remove(branch.Norms.SelectMany(n => n.Nodes));
        g.SortTopologically();
        return new OnnxPreLnConversion(copy, branch, changes);
    }

    /// <summary>The norm without parameters, written to the LayerNorm's output name so its readers stay wired.</summary>
    private static void ReplaceNorm(OnnxNodeBuilder b, OnnxLayerNorm norm, string input, int d, bool compressed, List<string> changes)
    {
        if (!compressed)
        {
            b.Add("SimplifiedLayerNormalization", [input, b.Vector("ones", Enumerable.Repeat(1.0, d).ToArray())], norm.Output,
                OnnxNodeBuilder.Int("axis", -1), OnnxNodeBuilder.Float("epsilon", norm.Epsilon));
            changes.Add($"LayerNorm '{norm.Name}' → RMSNorm without parameters (SimplifiedLayerNormalization, eps {norm.Epsilon:G9})");
            return;
        }
        // CRMSNorm: the dropped element is −Σx̂, so mean(x²) = (Σx̂² + (Σx̂)²)/d.
        string sumSq = b.ReduceLastAxis("ReduceSum", b.Add("Mul", [input, input]));
        string sum = b.ReduceLastAxis("ReduceSum", input);
        string meanSquare = b.Add("Mul", [b.Add("Add", [sumSq, b.Add("Mul", [sum, sum])]), b.Scalar("inv_d", 1.0 / d)]);
        string rms = b.Add("Sqrt", [b.Add("Add", [meanSquare, b.Scalar("eps", norm.Epsilon)])]);
        b.Add("Div", [input, rms], norm.Output);
        changes.Add($"LayerNorm '{norm.Name}' → CRMSNorm without parameters on {d - 1} elements (eps {norm.Epsilon:G9})");
    }

    private static void WriteReaders(OnnxGraph g, OnnxLayerNorm norm, IReadOnlyList<NormReader> readers, IReadOnlyList<DenseWeights> weights,
        int d, bool compressed, List<string> changes)
    {
        for (int i = 0; i < readers.Count; i++)
        {
            if (compressed) NarrowReshapes(g, readers[i], d);
            changes.Add($"reader '{readers[i].Linear.WeightName}': {norm.Name}'s g{(norm.BiasName is null ? "" : ", b")} folded in{(compressed ? ", last input row folded into the others" : "")} → [{weights[i].Out} out, {weights[i].In} in]");
            readers[i].Linear.Write(g, weights[i]);
        }
    }

    /// <summary>A Reshape between the norm and its reader that spells the width d as a constant now gets d − 1.</summary>
    private static void NarrowReshapes(OnnxGraph g, NormReader reader, int d)
    {
        foreach (var reshape in reader.Path.Where(n => n.OpType == "Reshape"))
        {
            var target = OnnxShapeConstant.Resolve(g, reshape.Input[1]);
            int at = target.ToList().FindLastIndex(v => v == d);
            if (at < 0) continue;
            if (g.IsConstant(reshape.Input[1]))
            {
                reshape.Input[1] = g.AddInt64Initializer("reshape_narrowed", target.Select((v, i) => i == at ? d - 1 : v ?? 0).ToList());
                continue;
            }
            string entry = OnnxShapeConstant.EntrySource(g, reshape.Input[1], at)
                ?? throw new InvalidDataException($"Reshape '{reshape.Name}': entry {at} (= {d}) of its target is not a constant, cannot narrow it to {d - 1}");
            if (g.Consumers(entry) is not [var user])
                throw new InvalidDataException($"Reshape '{reshape.Name}': the constant '{entry}' holding its width {d} is shared, cannot narrow it for this Reshape alone");
            string narrowed = g.AddInt64Initializer("reshape_narrowed", [d - 1]);
            for (int i = 0; i < user.Input.Count; i++) if (user.Input[i] == entry) user.Input[i] = narrowed;
        }
    }
}
