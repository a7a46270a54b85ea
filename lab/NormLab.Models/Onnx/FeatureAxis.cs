using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// Whether a selecting or reshaping op leaves the feature (last) axis of a [N, T, d] tensor alone,
/// so recentering or folding over that axis commutes with it. An axis the graph does not state as
/// a constant counts as touching it.
/// </summary>
public static class FeatureAxis
{
    public static bool LeftAlone(OnnxGraph g, NodeProto n) => n.OpType switch
    {
        "Gather" => n.Attribute.FirstOrDefault(a => a.Name == "axis")?.I is null or 0 or 1,
        "Slice" or "Squeeze" or "Unsqueeze" or "ReduceMean" => Axes(g, n) is { } axes && axes.All(a => a is 0 or 1),
        _ => true,
    };

    private static long[]? Axes(OnnxGraph g, NodeProto n)
    {
        if (n.Attribute.FirstOrDefault(a => a.Name == "axes") is { } attr) return [.. attr.Ints];
        int at = n.OpType == "Slice" ? 3 : 1;
        return n.Input.Count > at && g.IsConstant(n.Input[at]) ? g.ConstantValues(n.Input[at]).Select(v => (long)v).ToArray() : null;
    }
}
