namespace NormLab.Models.Onnx;

/// <summary>
/// The entries of a Reshape target that are fixed in the graph: a constant, or a Concat of
/// (Cast of) constants as paddle2onnx writes them; entries computed at run time are null.
/// </summary>
public static class OnnxShapeConstant
{
    public static IReadOnlyList<long?> Resolve(OnnxGraph g, string tensor)
    {
        if (g.IsConstant(tensor)) return g.ConstantValues(tensor).Select(v => (long?)v).ToList();
        if (g.Producer(tensor) is { OpType: "Concat" } concat)
            return concat.Input.SelectMany(i => Resolve(g, i)).ToList();
        if (g.Producer(tensor) is { OpType: "Cast" } cast && g.IsConstant(cast.Input[0]))
            return Resolve(g, cast.Input[0]);
        return [null];
    }

    /// <summary>The constant tensor (behind at most one Cast) that holds entry <paramref name="index"/> of a Concat target.</summary>
    public static string? EntrySource(OnnxGraph g, string tensor, int index)
    {
        if (g.Producer(tensor) is not { OpType: "Concat" } concat || index >= concat.Input.Count) return null;
        string part = concat.Input[index];
        if (g.Producer(part) is { OpType: "Cast" } cast) part = cast.Input[0];
        return g.IsConstant(part) && OnnxTensorData.ElementCount(g.Constant(part)) == 1 ? part : null;
    }
}
