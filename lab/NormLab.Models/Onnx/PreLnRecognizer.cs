namespace NormLab.Models.Onnx;

/// <summary>
/// Finds the Pre-LN main branch of any ONNX transformer by structure, not by names: from the input
/// of the first LayerNorm that a residual Add also reads (a norm inside the stem stays in the stem), the chain of residual Adds whose every other reader is that tensor's
/// LayerNorm; each LayerNorm's output read only by linear layers with constant weights; each Add's
/// other operand a linear layer's output. Refused, with the node named: a Post-LN graph (a
/// LayerNorm's output feeds a residual Add), and a main-branch tensor with any other reader
/// (recentering would change what it sees).
/// </summary>
public static class PreLnRecognizer
{
    public static PreLnBranch Recognize(OnnxGraph g, string source = "graph")
    {
        var norms = OnnxLayerNorm.FindAll(g);
        if (norms.Count == 0) throw Refused(source, "no LayerNorm (LayerNormalization op or ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add) found");
        var byInput = norms.GroupBy(n => n.Input).ToDictionary(k => k.Key, k => k.First());
        // A LayerNorm output that a residual Add reads is Post-LN, unless another LayerNorm reads it too:
        // then it is a norm inside the stem (CLIP's ln_pre) and its output is where the main branch starts.
        foreach (var n in norms)
            if (g.Consumers(n.Output).FirstOrDefault(r => r.OpType == "Add") is { } add && !byInput.ContainsKey(n.Output))
                throw Refused(source, $"LayerNorm '{n.Name}' output '{n.Output}' feeds residual Add '{add.Name}': a Post-LN graph (norm after the residual Add); only Pre-LN converts exactly");
        var first = norms.FirstOrDefault(n => g.Consumers(n.Input).Any(r => r.OpType == "Add" && !n.Nodes.Contains(r))) ?? norms[0];
        string entry = first.Input, x = entry;
        int d = first.Width(g);
        var sublayers = new List<PreLnSublayer>();
        while (true)
        {
            var norm = byInput.GetValueOrDefault(x) ?? throw Refused(source, $"no LayerNorm reads main-branch tensor '{x}'");
            if (norm.Width(g) != d) throw Refused(source, $"LayerNorm '{norm.Name}' has width {norm.Width(g)}, the main branch {d}");
            var readers = Readers(g, source, norm, d);
            var residual = g.Consumers(x).FirstOrDefault(n => n.OpType == "Add" && !norm.Nodes.Contains(n));
            if (g.Consumers(x).FirstOrDefault(n => n != residual && !norm.Nodes.Contains(n)) is { } extra)
                throw Refused(source, $"main-branch tensor '{x}' is also read by '{extra.Name}' ({extra.OpType}); recentering would change what it sees");
            if (g.Proto.Output.Any(o => o.Name == x))
                throw Refused(source, $"main-branch tensor '{x}' is a graph output; recentering would change it");
            if (residual is null)
            {
                if (sublayers.Count == 0) throw Refused(source, $"LayerNorm '{norm.Name}' reads '{x}', but no residual Add does: no Pre-LN block");
                return new PreLnBranch(entry, d, sublayers, norm, readers);
            }
            var writer = OnnxLinearLayer.TryProducing(g, OnnxGraph.Other(residual, x))
                ?? throw Refused(source, $"residual Add '{residual.Name}' does not add a linear layer's output (MatMul/Gemm with constant weights)");
            if (writer.Out != d) throw Refused(source, $"writer '{writer.Node.Name}' into residual Add '{residual.Name}' has {writer.Out} outputs, the main branch {d}");
            sublayers.Add(new PreLnSublayer(norm, readers, writer, residual));
            x = residual.Output[0];
        }
    }

    private static List<NormReader> Readers(OnnxGraph g, string source, OnnxLayerNorm norm, int d)
    {
        var readers = NormReader.Readers(g, norm.Output)
            .Select(n => NormReader.TryMatch(g, n, norm.Output, d)
                ?? throw Refused(source, $"LayerNorm '{norm.Name}' output '{norm.Output}' is read by '{n.Name}' ({n.OpType}), not by a linear layer with constant weights over its {d} features"))
            .ToList();
        if (readers.Count == 0) throw Refused(source, $"LayerNorm '{norm.Name}' output '{norm.Output}' has no reader");
        if (g.Proto.Output.Any(o => o.Name == norm.Output)) throw Refused(source, $"LayerNorm '{norm.Name}' output '{norm.Output}' is a graph output; folding g and b would change it");
        return readers;
    }

    private static InvalidDataException Refused(string source, string what) => new($"{source}: not a convertible Pre-LN transformer: {what}");
}
