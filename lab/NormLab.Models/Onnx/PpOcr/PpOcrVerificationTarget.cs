using NormLab.Models.Forward;
using NormLab.Models.Verification;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// `normlab verify` for PP-OCRv4 (builtin:ppocrv4, or an .onnx path): the recognised transformer
/// stage as a neutral model, fed the stage input ORT computes for the longest rendered line, so the
/// shared verifier runs its conversions per layer; the extra checks add the ONNX path's own rows —
/// the stage rewritten by <see cref="PreLnWeights.Convert"/> (what `convert` writes) in
/// float64/float32, and the written graphs in ORT (identical strings, max |Δp|). A converted .onnx
/// (with its manifest) is checked in ORT against its source, whose stage is the neutral model.
/// The fixture is checked, the model read and the lines rendered once per run.
/// </summary>
public static class PpOcrVerificationTarget
{
    public const string BuiltinName = "ppocrv4";
    public const string VariantPrefix = "onnx:";

    public static VerificationTarget OpenBuiltin()
    {
        var files = PpOcrFixture.EnsureAsync().GetAwaiter().GetResult();
        return Open(files.ModelPath, files.KeysPath, BuiltinName);
    }

    public static VerificationTarget Open(string modelPath) =>
        Open(modelPath, PpOcrFixture.EnsureAsync().GetAwaiter().GetResult().KeysPath, Path.GetFileNameWithoutExtension(modelPath));

    private static VerificationTarget Open(string modelPath, string keysPath, string name)
    {
        var manifest = OnnxConversionManifest.TryRead(modelPath);
        manifest?.VerifySource();
        // Lives as long as the target: the verifier has no end-of-run hook, and ORT frees it with the process.
        var source = PpOcrModel.Open(manifest?.Source ?? modelPath);
        var samples = PpOcrLines.Render(keysPath);
        var input = PpOcrStageVerification.Capture(source, samples.Widest);
        var result = new Lazy<PpOcrVerificationResult>(() => manifest is null
            ? PpOcrVerification.Original(source, samples, input, name)
            : PpOcrVerification.ConvertedFile(source, OnnxModelFile.Load(modelPath), manifest.Target, samples, name));
        return new VerificationTarget(PpOcrStageModel.Original(source, name), ForwardInput.FromSequence(input.Sequence, input.Width))
        {
            ExtraChecks = _ => result.Value.Rows.Select(r => r with { Variant = VariantPrefix + r.Variant }),
        };
    }
}
