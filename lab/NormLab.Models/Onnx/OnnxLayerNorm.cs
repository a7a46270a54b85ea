using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// A LayerNorm over the last axis in an ONNX graph, either the <c>LayerNormalization</c> op
/// (opset 17+) or its decomposed form (<see cref="DecomposedLayerNorm"/>). Gain and bias are
/// constant tensors; a missing bias (LayerNormalization's optional B) is null.
/// </summary>
public sealed record OnnxLayerNorm(string Input, string Output, string GainName, string? BiasName, double Epsilon, IReadOnlyList<NodeProto> Nodes)
{
    public double[] Gain(OnnxGraph g) => g.ConstantValues(GainName);
    public double[]? Bias(OnnxGraph g) => BiasName is null ? null : g.ConstantValues(BiasName);
    public int Width(OnnxGraph g) => (int)OnnxTensorData.ElementCount(g.Constant(GainName));
    public string Name => Nodes[^1].Name;

    /// <summary>Every LayerNorm in the graph, in node order.</summary>
    public static IReadOnlyList<OnnxLayerNorm> FindAll(OnnxGraph g) =>
        g.Proto.Node.Select(n => n.OpType switch
        {
            "LayerNormalization" => FromOp(g, n),
            "ReduceMean" => DecomposedLayerNorm.TryMatch(g, n),
            _ => null,
        }).OfType<OnnxLayerNorm>().ToList();

    private static OnnxLayerNorm? FromOp(OnnxGraph g, NodeProto n)
    {
        bool lastAxis = n.Attribute.FirstOrDefault(a => a.Name == "axis") is not { } axis || axis.I == -1;
        if (!lastAxis || n.Input.Count < 2 || !g.IsConstant(n.Input[1])) return null;
        string? bias = n.Input.Count > 2 && n.Input[2].Length > 0 ? n.Input[2] : null;
        if (bias is not null && !g.IsConstant(bias)) return null;
        double eps = n.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5;
        return new OnnxLayerNorm(n.Input[0], n.Output[0], n.Input[1], bias, eps, [n]);
    }
}
