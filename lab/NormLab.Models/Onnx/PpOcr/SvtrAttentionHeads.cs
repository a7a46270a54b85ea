namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// The one thing about SVTR's attention the neutral model needs and the main branch does not say:
/// the head split, read from the Reshape of the fused qkv output to [.., 3, heads, headDim].
/// </summary>
public static class SvtrAttentionHeads
{
    public static (int Heads, int HeadDim) Read(OnnxGraph g, OnnxLinearLayer qkv, int d, string source)
    {
        var reshape = g.Consumers(qkv.Output).FirstOrDefault(n => n.OpType == "Reshape")
            ?? throw new InvalidDataException($"{source}: qkv output '{qkv.Output}' of '{qkv.Node.Name}' is not reshaped into heads");
        var target = OnnxShapeConstant.Resolve(g, reshape.Input[1]);
        if (target.Count < 3 || target[^3] != 3 || target[^2] is not { } heads || target[^1] is not { } headDim || heads * headDim != d)
            throw new InvalidDataException($"{source}: qkv Reshape '{reshape.Name}' target [{string.Join(",", target.Select(v => v?.ToString() ?? "?"))}] is not [.., 3, heads, headDim] with heads·headDim = {d}");
        return ((int)heads, (int)headDim);
    }
}
