namespace NormLab.Models.Onnx;

/// <summary>
/// Makes what enters the main branch zero-mean (SPEC 1): in the stem's weights where it is linear
/// (<see cref="StemRecentering"/>), else one explicit x − mean(x) (e.g. PP-OCRv4, whose conv stem ends
/// in swish). For Pre-CRMSNorm the entry is then sliced to its first d − 1 elements (SPEC 3).
/// </summary>
public static class StreamEntry
{
    /// <summary>The tensor the first sublayer's norm and residual Add read from now on.</summary>
    public static string Apply(OnnxGraph g, OnnxNodeBuilder b, PreLnBranch branch, bool compressed, List<string> changes)
    {
        string entry = branch.Entry, stream = entry;
        if (StemRecentering.TryApply(g, entry, branch.Width) is { } edits) changes.AddRange(edits);
        else
        {
            stream = b.Add("Sub", [entry, b.ReduceLastAxis("ReduceMean", entry)]);
            changes.Add($"entry '{entry}': explicit mean subtraction over the hidden dimension (the stem is not linear in constants)");
        }
        if (compressed)
        {
            stream = b.SliceLastAxis(stream, branch.Width - 1);
            changes.Add($"entry '{entry}': last of {branch.Width} elements dropped (main branch stored in R^{branch.Width - 1})");
        }
        var residual = branch.Sublayers[0].Residual;
        for (int i = 0; i < residual.Input.Count; i++)
            if (residual.Input[i] == entry) residual.Input[i] = stream;
        return stream;
    }
}
