using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// One Pre-LN block of the SVTR stage: h = x + W_o·Attn(LN1(x)); x' = h + W_2·swish(W_1·LN2(h)).
/// </summary>
public sealed record SvtrBlock(
    DecomposedLayerNorm AttentionNorm,
    OnnxLinear Qkv,
    int Heads,
    int HeadDim,
    double AttentionScale,
    OnnxLinear AttentionOut,
    NodeProto AttentionResidual,
    DecomposedLayerNorm MlpNorm,
    OnnxLinear MlpUp,
    OnnxLinear MlpDown,
    NodeProto MlpResidual)
{
    public string Input => AttentionNorm.Input;
    public string Output => MlpResidual.Output[0];
}

/// <summary>
/// The final LayerNorm's reader: Reshape to [N, H, W, d], Transpose to [N, d, H, W], then a 1×1
/// Conv (no group) whose input channels are the d normalized features.
/// </summary>
public sealed record SvtrFinalReader(NodeProto Reshape, NodeProto Transpose, NodeProto Conv, string WeightName)
{
    public string? BiasName => Conv.Input.Count > 2 && Conv.Input[2].Length > 0 ? Conv.Input[2] : null;
}

/// <summary>
/// The Pre-LN transformer stage of the PP-OCRv4 recognizer (SVTR neck): its input (the conv stem's
/// output, after a non-linearity, flattened to [N, T, d]), its blocks, and the final LayerNorm.
/// </summary>
public sealed record SvtrStage(string Input, int Width, IReadOnlyList<SvtrBlock> Blocks, DecomposedLayerNorm FinalNorm, SvtrFinalReader FinalReader)
{
    public IEnumerable<DecomposedLayerNorm> Norms => Blocks.SelectMany(b => new[] { b.AttentionNorm, b.MlpNorm }).Append(FinalNorm);
    public IEnumerable<OnnxLinear> OutputProjections => Blocks.SelectMany(b => new[] { b.AttentionOut, b.MlpDown });
    public IEnumerable<NodeProto> Residuals => Blocks.SelectMany(b => new[] { b.AttentionResidual, b.MlpResidual });
}
