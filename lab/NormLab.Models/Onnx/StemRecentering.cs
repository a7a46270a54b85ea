using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// SPEC point 1 at the stream's entry, in the weights: when the entry tensor is built linearly
/// from constants — embedding Gathers, position tables (sliced or not), a class token (expanded,
/// concatenated along the tokens), MatMul or patch-Conv projections, and sums of these — every
/// such constant is recentered over the hidden dimension and the entry comes out zero-mean.
/// Each recentered constant is a fresh initializer wired into its one reader, so a table also
/// read elsewhere (a tied head) keeps its original values (SPEC point 4). Any other producer, or
/// an intermediate tensor with another reader, means "not linear here": null, and the caller
/// subtracts the mean explicitly.
/// </summary>
public static class StemRecentering
{
    /// <summary>The edits' descriptions once applied, or null (nothing changed) when the stem is not linear.</summary>
    public static IReadOnlyList<string>? TryApply(OnnxGraph g, string entry, int d)
    {
        var edits = new List<(Action Apply, string What)>();
        if (g.Producer(entry) is not { } producer || !Collect(g, producer, d, edits)) return null;
        foreach (var (apply, _) in edits) apply();
        return edits.Select(e => e.What).ToList();
    }

    /// <summary>Whether <paramref name="node"/>'s output can be made zero-mean over its last axis by recentering constants.</summary>
    private static bool Collect(OnnxGraph g, NodeProto node, int d, List<(Action, string)> edits)
    {
        switch (node.OpType)
        {
            case "Add":
                return Operand(g, node, 0, d, edits) && Operand(g, node, 1, d, edits);
            case "Concat" when node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I is 0 or 1:
                return Enumerable.Range(0, node.Input.Count).All(i => Operand(g, node, i, d, edits));
            case "Gather" when node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I is null or 0:
            case "Slice" or "Unsqueeze" when FeatureAxis.LeftAlone(g, node):
            case "Expand" or "Identity":
                return Operand(g, node, 0, d, edits);
            case "MatMul" when g.IsConstant(node.Input[1]) && g.Constant(node.Input[1]).Dims is [_, var cols] && cols == d:
                edits.Add(Recenter(g, node, 1, rowLength: d));
                return true;
            case "Transpose" when node.Attribute.FirstOrDefault(a => a.Name == "perm") is { Ints: [.., 1] }:
                return PatchConv(g, node, d, edits);
            default:
                return false;
        }
    }

    /// <summary>A constant operand with last axis d is recentered; a computed one must feed only this node and be linear itself.</summary>
    private static bool Operand(OnnxGraph g, NodeProto node, int index, int d, List<(Action, string)> edits)
    {
        string t = node.Input[index];
        if (g.IsConstant(t))
        {
            if (g.Constant(t).Dims is not [.., var last] || last != d) return false;
            edits.Add(Recenter(g, node, index, rowLength: d));
            return true;
        }
        return NormReader.Readers(g, t).Count == 1 && g.Producer(t) is { } p && Collect(g, p, d, edits);
    }

    /// <summary>[N, d, h, w] Conv → Reshape/Flatten → Transpose(channels last): the kernel and bias recentered over the output channels.</summary>
    private static bool PatchConv(OnnxGraph g, NodeProto transpose, int d, List<(Action, string)> edits)
    {
        var node = g.Producer(transpose.Input[0]);
        while (node is { OpType: "Reshape" or "Flatten" } && NormReader.Readers(g, node.Output[0]).Count == 1)
            node = g.Producer(node.Input[0]);
        if (node is not { OpType: "Conv" } conv || !g.IsConstant(conv.Input[1]) || g.Constant(conv.Input[1]).Dims[0] != d
            || NormReader.Readers(g, conv.Output[0]).Count != 1) return false;
        var dims = g.Constant(conv.Input[1]).Dims.ToArray();
        var kernel = new Tensor(conv.Input[1], [d, (int)(OnnxTensorData.ElementCount(g.Constant(conv.Input[1])) / d)], g.ConstantValues(conv.Input[1]));
        edits.Add((() => conv.Input[1] = g.AddInitializer(conv.Input[1], dims, WeightAlgebra.CenterOutputs(kernel).Data),
            $"stem Conv '{conv.Name}' kernel '{conv.Input[1]}': recentered over the {d} output channels"));
        if (conv.Input.Count > 2 && conv.Input[2].Length > 0) edits.Add(Recenter(g, conv, 2, rowLength: d));
        return true;
    }

    /// <summary>Input <paramref name="index"/> of <paramref name="node"/>, a constant, replaced by a copy whose rows (of <paramref name="rowLength"/>) have mean 0.</summary>
    private static (Action, string) Recenter(OnnxGraph g, NodeProto node, int index, int rowLength)
    {
        string name = node.Input[index];
        var c = g.Constant(name);
        var values = g.ConstantValues(name);
        var dims = c.Dims.ToArray();
        var centered = WeightAlgebra.CenterRows(new Tensor(name, [values.Length / rowLength, rowLength], values)).Data;
        return (() => node.Input[index] = g.AddInitializer(name, dims, centered),
            $"stem constant '{name}' [{string.Join(",", dims)}] ({node.OpType} '{node.Name}'): recentered over the hidden dimension");
    }
}
