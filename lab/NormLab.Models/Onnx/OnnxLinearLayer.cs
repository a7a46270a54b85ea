using NormLab.Models.Description;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>A linear map y = x·Wᵀ + Bias in float64, W [out, in] as the neutral model stores it.</summary>
public sealed record DenseWeights(Tensor W, double[] Bias)
{
    public int In => W.Columns;
    public int Out => W.Rows;
}

/// <summary>How a linear layer is spelled in the graph, which fixes its weight layout.</summary>
public enum LinearOp
{
    /// <summary>MatMul(x, W [in, out]), then optionally Add(·, bias [out]).</summary>
    MatMul,
    /// <summary>Gemm(x, W, C) with W [in, out] or, transB = 1, [out, in].</summary>
    Gemm,
    /// <summary>Conv with a [out, in, 1, 1] kernel, one group: a linear map over the channel axis.</summary>
    PointwiseConv,
}

/// <summary>
/// A linear layer with constant weights: MatMul(+Add bias), Gemm, or a 1×1 Conv. Reads its
/// weights as <see cref="DenseWeights"/> and writes new ones as fresh initializers (shared
/// constants, e.g. a tied embedding table, are never edited in place).
/// </summary>
public sealed record OnnxLinearLayer(NodeProto Node, NodeProto? BiasAdd, LinearOp Op, int In, int Out)
{
    public string Input => Node.Input[0];
    public string Output => BiasAdd?.Output[0] ?? Node.Output[0];
    public string WeightName => Node.Input[1];

    public string? BiasName => Op == LinearOp.MatMul
        ? BiasAdd is null ? null : OnnxGraph.Other(BiasAdd, Node.Output[0])
        : Node.Input.Count > 2 && Node.Input[2].Length > 0 ? Node.Input[2] : null;

    /// <summary>The linear layer <paramref name="node"/> computes from its first input, or null.</summary>
    public static OnnxLinearLayer? TryMatch(OnnxGraph g, NodeProto node)
    {
        if (node.Input.Count < 2 || !g.IsConstant(node.Input[1])) return null;
        var w = g.Constant(node.Input[1]).Dims;
        switch (node.OpType)
        {
            case "MatMul" when w.Count == 2:
                var add = g.Consumers(node.Output[0]) is [{ OpType: "Add" } a] && IsVector(g, OnnxGraph.Other(a, node.Output[0]), w[1]) ? a : null;
                return new OnnxLinearLayer(node, add, LinearOp.MatMul, (int)w[0], (int)w[1]);
            case "Gemm" when w.Count == 2 && Attr(node, "transA", 0) == 0 && AttrF(node, "alpha") == 1 && AttrF(node, "beta") == 1:
                bool t = Attr(node, "transB", 0) == 1;
                var (i, o) = t ? (w[1], w[0]) : (w[0], w[1]);
                if (node.Input.Count > 2 && node.Input[2].Length > 0 && !IsVector(g, node.Input[2], o)) return null;
                return new OnnxLinearLayer(node, null, LinearOp.Gemm, (int)i, (int)o);
            case "Conv" when w is [_, _, 1, 1] && Attr(node, "group", 1) == 1
                             && node.Attribute.All(a => a.Name is not ("pads" or "strides" or "dilations") || a.Ints.All(v => v == (a.Name == "pads" ? 0 : 1))):
                if (node.Input.Count > 2 && node.Input[2].Length > 0 && !IsVector(g, node.Input[2], w[0])) return null;
                return new OnnxLinearLayer(node, null, LinearOp.PointwiseConv, (int)w[1], (int)w[0]);
            default:
                return null;
        }
    }

    /// <summary>The linear layer whose output is <paramref name="tensor"/>, or null.</summary>
    public static OnnxLinearLayer? TryProducing(OnnxGraph g, string tensor)
    {
        var node = g.Producer(tensor);
        if (node?.OpType == "Add")
            node = node.Input.Select(g.Producer).FirstOrDefault(p => p?.OpType == "MatMul");
        return node is null ? null : TryMatch(g, node) is { } lin && lin.Output == tensor ? lin : null;
    }

    public DenseWeights Read(OnnxGraph g)
    {
        var w = g.ConstantValues(WeightName);
        bool stored = Op == LinearOp.PointwiseConv || (Op == LinearOp.Gemm && Attr(Node, "transB", 0) == 1);
        var data = stored ? w : Transposed(w, In, Out);
        return new DenseWeights(new Tensor(WeightName, [Out, In], data), BiasName is { } b ? g.ConstantValues(b) : new double[Out]);
    }

    /// <summary>Points the layer at new weights (float32-rounded once); a layer without bias gains one where the new bias is not 0.</summary>
    public void Write(OnnxGraph g, DenseWeights d)
    {
        int o = d.Out, i = d.In;
        Node.Input[1] = Op switch
        {
            LinearOp.PointwiseConv => g.AddInitializer(WeightName, [o, i, 1, 1], d.W.Data),
            LinearOp.Gemm when Attr(Node, "transB", 0) == 1 => g.AddInitializer(WeightName, [o, i], d.W.Data),
            _ => g.AddInitializer(WeightName, [i, o], Transposed(d.W.Data, o, i)),
        };
        if (BiasName is null && d.Bias.All(v => v == 0)) return;  // still no bias (e.g. a bias-free writer, recentered)
        string bias = g.AddInitializer(BiasName ?? WeightName + ".bias", [o], d.Bias);
        if (Op != LinearOp.MatMul)
        {
            while (Node.Input.Count < 3) Node.Input.Add("");
            Node.Input[2] = bias;
        }
        else if (BiasAdd is not null) BiasAdd.Input[BiasAdd.Input.IndexOf(BiasName!)] = bias;
        else
        {
            // Keep the output name so every reader stays wired: the MatMul writes a fresh tensor, the Add the old one.
            string product = g.FreshName(Node.Output[0]);
            var add = new NodeProto { OpType = "Add", Name = g.FreshName("bias") };
            add.Input.AddRange([product, bias]);
            add.Output.Add(Node.Output[0]);
            Node.Output[0] = product;
            g.Proto.Node.Add(add);
        }
    }

    private static bool IsVector(OnnxGraph g, string t, long n) => g.IsConstant(t) && OnnxTensorData.ElementCount(g.Constant(t)) == n;

    private static long Attr(NodeProto n, string name, long fallback) => n.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;

    private static float AttrF(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? 1f;

    private static double[] Transposed(double[] w, int rows, int cols)
    {
        var t = new double[w.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }
}
