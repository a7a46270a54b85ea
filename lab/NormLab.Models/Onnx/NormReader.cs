using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// A linear layer that reads a LayerNorm's output, possibly behind ops that select or move
/// positions without mixing features (a class-token Gather, mean pooling over tokens, PP-OCR's
/// Reshape → Transpose in front of a 1×1 Conv). g and b fold into it exactly because those ops
/// commute with an affine map of the feature axis.
/// </summary>
public sealed record NormReader(IReadOnlyList<NodeProto> Path, OnnxLinearLayer Linear)
{
    private static readonly HashSet<string> PassThrough = ["Identity", "Gather", "Slice", "Squeeze", "Unsqueeze", "ReduceMean", "Reshape", "Transpose", "Flatten"];

    /// <summary>The reader that starts with <paramref name="node"/> reading <paramref name="tensor"/>, or null.</summary>
    public static NormReader? TryMatch(OnnxGraph g, NodeProto node, string tensor, int width)
    {
        var path = new List<NodeProto>();
        while (true)
        {
            if (node.Input[0] != tensor) return null;
            if (OnnxLinearLayer.TryMatch(g, node) is { } lin)
                return lin.In == width && FeaturesWhereRead(path, lin) ? new NormReader(path, lin) : null;
            if (!PassThrough.Contains(node.OpType) || !FeatureAxis.LeftAlone(g, node)) return null;
            path.Add(node);
            tensor = node.Output[0];
            if (Readers(g, tensor) is not [var next]) return null;
            node = next;
        }
    }

    // MatMul and Gemm read features on the last axis, so no Transpose may move them; a 1×1 Conv reads
    // them on axis 1, which from [.., d] takes a Transpose (PP-OCR: Reshape to [N, H, W, d], perm [0, 3, 1, 2]).
    private static bool FeaturesWhereRead(List<NodeProto> path, OnnxLinearLayer lin) =>
        path.Any(n => n.OpType == "Transpose") == (lin.Op == LinearOp.PointwiseConv);

    /// <summary>Everything that reads <paramref name="tensor"/>'s values (Shape reads only its dimensions).</summary>
    public static IReadOnlyList<NodeProto> Readers(OnnxGraph g, string tensor) => g.Consumers(tensor).Where(n => n.OpType != "Shape").ToList();
}
