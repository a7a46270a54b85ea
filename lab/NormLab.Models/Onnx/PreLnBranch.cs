using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// One sublayer of a Pre-LN main branch: x' = x + Writer(F(Readers(Norm(x)))). The readers are the
/// linear layers that see the norm's output; the writer is the sublayer's last linear layer.
/// </summary>
public sealed record PreLnSublayer(OnnxLayerNorm Norm, IReadOnlyList<NormReader> Readers, OnnxLinearLayer Writer, NodeProto Residual)
{
    public string Input => Norm.Input;
    public string Output => Residual.Output[0];
}

/// <summary>
/// The main branch (residual stream) of a Pre-LN transformer found in an ONNX graph: the tensor
/// that enters it (the stem's output), the sublayers in order (attention and MLP halves alike),
/// and the final LayerNorm with its readers (the head).
/// </summary>
public sealed record PreLnBranch(string Entry, int Width, IReadOnlyList<PreLnSublayer> Sublayers, OnnxLayerNorm FinalNorm, IReadOnlyList<NormReader> FinalReaders)
{
    public IEnumerable<OnnxLayerNorm> Norms => Sublayers.Select(s => s.Norm).Append(FinalNorm);
}
