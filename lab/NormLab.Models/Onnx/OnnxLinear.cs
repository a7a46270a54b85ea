using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>A linear layer as exported: y = MatMul(x, W) + b with W [in, out] and b [out] constants.</summary>
public sealed record OnnxLinear(NodeProto MatMul, NodeProto BiasAdd, string WeightName, string BiasName, int In, int Out)
{
    public string Input => MatMul.Input[0];
    public string Output => BiasAdd.Output[0];

    /// <summary>The linear layer whose MatMul reads <paramref name="x"/> in <paramref name="matMul"/>, or null.</summary>
    public static OnnxLinear? TryMatch(OnnxGraph g, NodeProto matMul, string x)
    {
        if (matMul.OpType != "MatMul" || matMul.Input[0] != x || !g.IsConstant(matMul.Input[1])) return null;
        var w = g.Constant(matMul.Input[1]);
        if (w.Dims.Count != 2) return null;
        if (g.Consumers(matMul.Output[0]) is not [{ OpType: "Add" } add]) return null;
        string b = OnnxGraph.Other(add, matMul.Output[0]);
        if (!g.IsConstant(b) || OnnxTensorData.ElementCount(g.Constant(b)) != w.Dims[1]) return null;
        return new OnnxLinear(matMul, add, matMul.Input[1], b, (int)w.Dims[0], (int)w.Dims[1]);
    }

    /// <summary>The one linear layer that reads <paramref name="x"/> (other readers must be Shape nodes), or null.</summary>
    public static OnnxLinear? SoleReader(OnnxGraph g, string x)
    {
        var readers = g.Consumers(x).Where(n => n.OpType != "Shape").ToList();
        return readers is [var only] ? TryMatch(g, only, x) : null;
    }

    public double[] Weight(OnnxGraph g) => g.ConstantValues(WeightName);
    public double[] Bias(OnnxGraph g) => g.ConstantValues(BiasName);
}
