namespace NormLab.Bench.Anchors;

/// <summary>
/// One single-node ONNX form of a normalization: the operator, its domain and the opset that
/// declares it. Inputs are always (X, Scale[, B]) with the statistic over the last axis.
/// </summary>
public sealed record OrtNormForm(string Norm, string OpType, string Domain, long Opset, bool HasBias)
{
    /// <summary>LayerNormalization of the ONNX standard, opset 17.</summary>
    public static OrtNormForm LayerNorm { get; } = new("LayerNorm", "LayerNormalization", "", 17, HasBias: true);

    /// <summary>
    /// The RMS forms ORT might run, in the order tried: the opset-23 standard op, then ORT's contrib
    /// op (registered in the ONNX domain), then the same under com.microsoft.
    /// </summary>
    public static IReadOnlyList<OrtNormForm> RmsCandidates { get; } =
    [
        new("RMSNorm", "RMSNormalization", "", 23, HasBias: false),
        new("RMSNorm", "SimplifiedLayerNormalization", "", 17, HasBias: false),
        new("RMSNorm", "SimplifiedLayerNormalization", "com.microsoft", 17, HasBias: false),
    ];

    /// <summary>
    /// The RMS forms ORT 1.31.1's CPU provider runs, each as a single kernel node (checked by
    /// reading back its optimized graph): the opset-23 standard op and the contrib op. The
    /// com.microsoft spelling is not registered. The bench times both and compares with the faster.
    /// </summary>
    public static IReadOnlyList<OrtNormForm> RmsRunnable { get; } = [RmsCandidates[0], RmsCandidates[1]];

    public override string ToString() =>
        $"{(Domain.Length == 0 ? "ai.onnx" : Domain)}::{OpType} (opset {Opset})";
}
