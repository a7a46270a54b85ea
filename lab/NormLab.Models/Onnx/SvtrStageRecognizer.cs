using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// Finds the Pre-LN transformer stage in an ONNX graph by structure: a chain of decomposed
/// LayerNorms, each block "x → LN → qkv → attention → W_o → +x → LN → W_1 → swish → W_2 → +",
/// then a final LayerNorm read by a 1×1 Conv. Every main-branch tensor may be read only by its
/// LayerNorm and its residual Add (the conversion recenters them, so any other reader would see
/// a changed value). Anything else is an <see cref="InvalidDataException"/> saying what was missing.
/// </summary>
public static class SvtrStageRecognizer
{
    public static SvtrStage Recognize(OnnxGraph g, string source = "graph")
    {
        var norms = DecomposedLayerNorm.FindAll(g);
        if (norms.Count == 0) throw Missing(source, "no decomposed LayerNorm (ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add) found");
        string input = norms[0].Input;
        int d = norms[0].Width(g);
        var blocks = new List<SvtrBlock>();
        string x = input;
        while (true)
        {
            var norm = NormReading(norms, x) ?? throw Missing(source, $"no LayerNorm reads main-branch tensor '{x}'");
            var residual = ResidualReading(g, x, norm);
            if (residual is null)
            {
                ExpectOnlyReaders(g, source, x, norm.Nodes);
                var reader = FinalReader(g, source, norm, d);
                if (blocks.Count == 0) throw Missing(source, "a final LayerNorm but no transformer block before it");
                return new SvtrStage(input, d, blocks, norm, reader);
            }
            var block = Block(g, source, norms, x, d, norm, residual);
            blocks.Add(block);
            x = block.Output;
        }
    }

    private static SvtrBlock Block(OnnxGraph g, string source, IReadOnlyList<DecomposedLayerNorm> norms, string x, int d,
        DecomposedLayerNorm attnNorm, NodeProto attnResidual)
    {
        if (attnNorm.Width(g) != d) throw Missing(source, $"LayerNorm at '{x}' has width {attnNorm.Width(g)}, not {d}");
        ExpectOnlyReaders(g, source, x, [.. attnNorm.Nodes, attnResidual]);
        var qkv = OnnxLinear.SoleReader(g, attnNorm.Output) ?? throw Missing(source, $"LayerNorm output '{attnNorm.Output}' is not read by one MatMul+Add (qkv)");
        var attnOut = LinearProducing(g, OnnxGraph.Other(attnResidual, x)) ?? throw Missing(source, $"residual Add '{attnResidual.Name}' does not add a MatMul+Add output projection");
        if (qkv.In != d || qkv.Out != 3 * d || attnOut.Out != d)
            throw Missing(source, $"attention shapes qkv [{qkv.In},{qkv.Out}], out [{attnOut.In},{attnOut.Out}] do not fit width {d}");
        var (heads, headDim, scale) = Attention(g, source, qkv, attnOut, d);

        string h = attnResidual.Output[0];
        var mlpNorm = NormReading(norms, h) ?? throw Missing(source, $"no LayerNorm reads '{h}' (MLP half of the block)");
        var mlpResidual = ResidualReading(g, h, mlpNorm) ?? throw Missing(source, $"no residual Add reads '{h}' after the MLP");
        ExpectOnlyReaders(g, source, h, [.. mlpNorm.Nodes, mlpResidual]);
        var up = OnnxLinear.SoleReader(g, mlpNorm.Output) ?? throw Missing(source, $"LayerNorm output '{mlpNorm.Output}' is not read by one MatMul+Add (MLP up)");
        string activated = SwishOutput(g, up.Output) ?? throw Missing(source, $"MLP up-projection '{up.Output}' is not followed by swish x·sigmoid(x)");
        var down = OnnxLinear.SoleReader(g, activated) ?? throw Missing(source, $"swish output '{activated}' is not read by one MatMul+Add (MLP down)");
        if (OnnxGraph.Other(mlpResidual, h) != down.Output || up.In != d || down.In != up.Out || down.Out != d)
            throw Missing(source, $"MLP [{up.In},{up.Out}]→[{down.In},{down.Out}] does not feed the residual '{mlpResidual.Name}' at width {d}");
        return new SvtrBlock(attnNorm, qkv, heads, headDim, scale, attnOut, attnResidual, mlpNorm, up, down, mlpResidual);
    }

    /// <summary>
    /// Heads and scale from the attention subgraph between qkv and W_o: the qkv Reshape's
    /// constant target [.., 3, heads, headDim], exactly one Softmax, and one scalar Mul (the scale).
    /// </summary>
    private static (int Heads, int HeadDim, double Scale) Attention(OnnxGraph g, string source, OnnxLinear qkv, OnnxLinear attnOut, int d)
    {
        var inside = Between(g, qkv.Output, attnOut.MatMul);
        var reshape = inside.FirstOrDefault(n => n.OpType == "Reshape" && n.Input[0] == qkv.Output)
            ?? throw Missing(source, $"qkv output '{qkv.Output}' is not reshaped into heads");
        var target = OnnxShapeConstant.Resolve(g, reshape.Input[1]);
        if (target.Count < 3 || target[^3] != 3 || target[^2] is not { } heads || target[^1] is not { } headDim || heads * headDim != d)
            throw Missing(source, $"qkv Reshape '{reshape.Name}' target [{string.Join(",", target.Select(v => v?.ToString() ?? "?"))}] is not [.., 3, heads, headDim] with heads·headDim = {d}");
        if (inside.Count(n => n.OpType == "Softmax") != 1) throw Missing(source, $"attention between '{qkv.Output}' and W_o has no single Softmax");
        var scales = inside.Where(n => n.OpType == "Mul").Select(n => n.Input.Select(g.ScalarConstant).FirstOrDefault(v => v is not null)).OfType<double>().ToList();
        if (scales is not [var scale]) throw Missing(source, "attention has no single scalar scale Mul");
        return ((int)heads, (int)headDim, scale);
    }

    /// <summary>Nodes reachable forward from <paramref name="from"/>, stopping at <paramref name="stop"/>.</summary>
    private static List<NodeProto> Between(OnnxGraph g, string from, NodeProto stop)
    {
        var seen = new HashSet<NodeProto>();
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
            foreach (var n in g.Consumers(queue.Dequeue()))
                if (n != stop && seen.Add(n) && seen.Count < 200)
                    foreach (var o in n.Output) queue.Enqueue(o);
        return [.. seen];
    }

    private static string? SwishOutput(OnnxGraph g, string x)
    {
        // swish(x) = x · sigmoid(β·x), β = 1 spelled as an explicit Mul by the exporter (or left out).
        var readers = g.Consumers(x);
        var sigmoidIn = readers.FirstOrDefault(n => n.OpType == "Mul" && g.ScalarConstant(OnnxGraph.Other(n, x)) == 1.0)?.Output[0] ?? x;
        var sigmoid = g.Consumers(sigmoidIn).FirstOrDefault(n => n.OpType == "Sigmoid");
        var mul = sigmoid is null ? null : g.Consumers(sigmoid.Output[0]).FirstOrDefault(n => n.OpType == "Mul" && n.Input.Contains(x));
        return mul?.Output[0];
    }

    private static SvtrFinalReader FinalReader(OnnxGraph g, string source, DecomposedLayerNorm norm, int d)
    {
        if (g.Consumers(norm.Output).Where(n => n.OpType != "Shape").ToList() is not [{ OpType: "Reshape" } reshape])
            throw Missing(source, $"final LayerNorm output '{norm.Output}' is not read by one Reshape");
        if (g.Consumers(reshape.Output[0]) is not [{ OpType: "Transpose" } transpose]
            || transpose.Attribute.FirstOrDefault(a => a.Name == "perm") is not { Ints: [0, 3, 1, 2] })
            throw Missing(source, $"final Reshape '{reshape.Name}' is not followed by Transpose perm [0,3,1,2]");
        if (g.Consumers(transpose.Output[0]) is not [{ OpType: "Conv" } conv] || !g.IsConstant(conv.Input[1]))
            throw Missing(source, $"final Transpose '{transpose.Name}' is not read by one Conv with constant weights");
        var w = g.Constant(conv.Input[1]);
        bool pointwise = w.Dims is [_, var cin, 1, 1] && cin == d
            && conv.Attribute.FirstOrDefault(a => a.Name == "group") is not { I: not 1 };
        if (!pointwise) throw Missing(source, $"final Conv '{conv.Name}' is not a 1×1 Conv over {d} channels");
        return new SvtrFinalReader(reshape, transpose, conv, conv.Input[1]);
    }

    private static DecomposedLayerNorm? NormReading(IReadOnlyList<DecomposedLayerNorm> norms, string x) =>
        norms.FirstOrDefault(n => n.Input == x);

    private static NodeProto? ResidualReading(OnnxGraph g, string x, DecomposedLayerNorm norm) =>
        g.Consumers(x).FirstOrDefault(n => n.OpType == "Add" && !norm.Nodes.Contains(n) && LinearProducing(g, OnnxGraph.Other(n, x)) is not null);

    private static OnnxLinear? LinearProducing(OnnxGraph g, string tensor) =>
        g.Producer(tensor) is { OpType: "Add" } add && add.Input.Select(g.Producer).FirstOrDefault(p => p?.OpType == "MatMul") is { } mm
            ? OnnxLinear.TryMatch(g, mm, mm.Input[0]) is { } lin && lin.Output == tensor ? lin : null
            : null;

    private static void ExpectOnlyReaders(OnnxGraph g, string source, string x, IReadOnlyCollection<NodeProto> allowed)
    {
        var extra = g.Consumers(x).Where(n => !allowed.Contains(n)).ToList();
        if (extra.Count > 0)
            throw Missing(source, $"main-branch tensor '{x}' is also read by '{extra[0].Name}' ({extra[0].OpType}); recentering would change what it sees");
        if (g.Proto.Output.Any(o => o.Name == x))
            throw Missing(source, $"main-branch tensor '{x}' is a graph output; recentering would change it");
    }

    private static InvalidDataException Missing(string source, string what) =>
        new($"{source}: Pre-LN transformer stage (SVTR) not recognised: {what}");
}
