using NormLab.Models.Forward;
using NormLab.Models.Verification;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// `normlab verify` for PP-OCRv4 (builtin:ppocrv4, or an .onnx path): the recognised transformer
/// stage as a neutral model, fed the stage input ORT computes for the longest rendered line, so the
/// shared verifier runs its conversions per layer; the extra checks add the ONNX path's own rows —
/// the stage rewritten by <see cref="SvtrStageWeights.Convert"/> (what `convert` writes) in
/// float64/float32, and the written graphs in ORT (identical strings, max |Δp|). A converted .onnx
/// (with its manifest) is checked in ORT against its source, whose stage is the neutral model.
/// </summary>
public static class PpOcrVerificationTarget
{
    public const string BuiltinName = "ppocrv4";
    public const string VariantPrefix = "onnx:";

    public static VerificationTarget OpenBuiltin() => Open(PpOcrFixture.EnsureAsync().GetAwaiter().GetResult().ModelPath, BuiltinName);

    public static VerificationTarget Open(string modelPath, string? name = null)
    {
        name ??= Path.GetFileNameWithoutExtension(modelPath);
        var keys = PpOcrFixture.EnsureAsync().GetAwaiter().GetResult().KeysPath;
        var manifest = OnnxConversionManifest.TryRead(modelPath);
        string stagePath = manifest?.Source ?? modelPath;
        var model = OnnxModelFile.Load(stagePath);
        var graph = new OnnxGraph(model.Clone().Graph);
        var stage = SvtrStageRecognizer.Recognize(graph, stagePath);
        var weights = SvtrStageWeights.Read(graph, stage);
        var images = PpOcrOrtComparison.RenderSamples(out _);
        var input = PpOcrStageVerification.Capture(model, stage, images.MaxBy(i => i.Width)!);
        var neutral = PpOcrStageModel.Original(stage, weights, name);
        return new VerificationTarget(neutral, ForwardInput.FromSequence(input.Sequence, input.Width))
        {
            ExtraChecks = () => PpOcrVerification.Run(modelPath, keys, name).Rows.Select(r => r with { Variant = VariantPrefix + r.Variant }),
        };
    }
}
