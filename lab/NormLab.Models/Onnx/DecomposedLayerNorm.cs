using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// A LayerNorm that an exporter spelled out as nine nodes over the last axis:
/// μ = ReduceMean(x); c = x − μ; v = ReduceMean(c^2); y = c / Sqrt(v + eps) * g + b.
/// Matched by structure (op types, data flow, constant operands), not by node names.
/// </summary>
public static class DecomposedLayerNorm
{
    /// <summary>The LayerNorm whose first node (the mean) is <paramref name="mean"/>, or null.</summary>
    public static OnnxLayerNorm? TryMatch(OnnxGraph g, NodeProto mean)
    {
        if (!IsLastAxisMean(g, mean)) return null;
        string x = mean.Input[0];
        var sub = Single(g, mean.Output[0], "Sub");
        if (sub is null || sub.Input[0] != x || sub.Input[1] != mean.Output[0]) return null;
        string centered = sub.Output[0];
        var pow = g.Consumers(centered).FirstOrDefault(n => n.OpType == "Pow" && n.Input[0] == centered);
        var div = g.Consumers(centered).FirstOrDefault(n => n.OpType == "Div" && n.Input[0] == centered);
        if (pow is null || div is null || g.Consumers(centered).Count != 2 || g.ScalarConstant(pow.Input[1]) != 2.0) return null;
        var variance = Single(g, pow.Output[0], "ReduceMean");
        if (variance is null || !IsLastAxisMean(g, variance)) return null;
        var addEps = Single(g, variance.Output[0], "Add");
        if (addEps is null || g.ScalarConstant(OnnxGraph.Other(addEps, variance.Output[0])) is not { } eps || eps <= 0) return null;
        var sqrt = Single(g, addEps.Output[0], "Sqrt");
        if (sqrt is null || div.Input[1] != sqrt.Output[0]) return null;
        var mul = Single(g, div.Output[0], "Mul");
        var add = mul is null ? null : Single(g, mul.Output[0], "Add");
        if (mul is null || add is null) return null;
        string gain = OnnxGraph.Other(mul, div.Output[0]), bias = OnnxGraph.Other(add, mul.Output[0]);
        if (!g.IsConstant(gain) || !g.IsConstant(bias)) return null;
        int d = g.Constant(gain).Dims.Count == 1 ? (int)g.Constant(gain).Dims[0] : -1;
        if (d < 2 || OnnxTensorData.ElementCount(g.Constant(bias)) != d) return null;
        return new OnnxLayerNorm(x, add.Output[0], gain, bias, eps, [mean, sub, pow, variance, addEps, sqrt, div, mul, add]);
    }

    /// <summary>Axes as an attribute (opset &lt; 18) or as a constant second input (opset 18+).</summary>
    private static bool IsLastAxisMean(OnnxGraph g, NodeProto n) =>
        n.OpType == "ReduceMean"
        && (n.Input.Count == 1
            ? n.Attribute.FirstOrDefault(a => a.Name == "axes") is { Ints: [-1] }
            : g.IsConstant(n.Input[1]) && g.ConstantValues(n.Input[1]) is [-1])
        && n.Attribute.FirstOrDefault(a => a.Name == "keepdims") is not { I: 0 };

    /// <summary>The one consumer of <paramref name="tensor"/> with the op type given, if it is the only consumer.</summary>
    private static NodeProto? Single(OnnxGraph g, string tensor, string opType) =>
        g.Consumers(tensor) is [var only] && only.OpType == opType ? only : null;
}
