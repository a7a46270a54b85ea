using NormLab.Models.Onnx.Proto;
using NormLab.Models.Verification;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>What `normlab verify` shows for a PP-OCRv4 model: the rows, the strings read, and which fonts drew them.</summary>
public sealed record PpOcrVerificationResult(
    IReadOnlyList<VerificationRow> Rows,
    IReadOnlyList<(string Variant, OrtRecognition Line)> Lines,
    string FontNote);

/// <summary>
/// The whole PP-OCRv4 check. For an original (Pre-LN) recognizer: the stage in float64/float32 per
/// layer against each conversion, and each converted graph against the original in ORT on rendered
/// lines. For a converted file (made by `normlab convert`, with its manifest): that file against its
/// source in ORT — its weights are float32-rounded, so no float64 claim is made for it.
/// </summary>
public static class PpOcrVerification
{
    /// <summary>ORT probabilities: float32 through ~40 layers; measured ≤ 2e-4. Strings must be identical.</summary>
    public const double MaxProbabilityDiff = 1e-3;

    /// <summary>Opens the model (and, for a converted file, its source) once and checks it.</summary>
    public static PpOcrVerificationResult Run(string modelPath, string keysPath, string name)
    {
        var decoder = CtcGreedyDecoder.FromKeysFile(keysPath);
        var images = PpOcrOrtComparison.RenderSamples(out string fonts);
        if (OnnxConversionManifest.TryRead(modelPath) is { } manifest)
            return ConvertedFile(OnnxModelFile.Load(modelPath), manifest, decoder, images, name, fonts);
        return Run(PpOcrModel.Open(modelPath), decoder, images, name, fonts);
    }

    /// <summary>An original recognizer: the stage per layer against each conversion, then each converted graph in ORT.</summary>
    public static PpOcrVerificationResult Run(PpOcrModel m, CtcGreedyDecoder decoder, IReadOnlyList<TextLineImage> images, string name, string fonts)
    {
        // The longest line gives the stage the most positions (T = W/8) to agree on.
        var input = PpOcrStageVerification.Capture(m, images.MaxBy(i => i.Width)!);
        var rows = PpOcrStageVerification.Run(m, name, input).ToList();
        var lines = new List<(string, OrtRecognition)>();
        foreach (var target in new[] { OnnxStageTarget.PreRmsNorm, OnnxStageTarget.PreCRmsNorm })
        {
            string variant = OnnxConversionManifest.TargetName(target);
            var recognitions = PpOcrOrtComparison.Compare(m.Proto, m.Convert(target).Model, decoder, images);
            rows.Add(OrtRow(name, variant, recognitions));
            lines.AddRange(recognitions.Select(r => (variant, r)));
        }
        return new PpOcrVerificationResult(rows, lines, fonts);
    }

    /// <summary>A file written by `normlab convert`: checked in ORT against the source its manifest names (sha256 checked).</summary>
    public static PpOcrVerificationResult ConvertedFile(ModelProto converted, OnnxConversionManifest manifest, CtcGreedyDecoder decoder,
        IReadOnlyList<TextLineImage> images, string name, string fonts)
    {
        if (!File.Exists(manifest.Source)) throw new FileNotFoundException($"the manifest names source model {manifest.Source}, which is missing", manifest.Source);
        if (OnnxConversionManifest.Sha256(manifest.Source) != manifest.SourceSha256)
            throw new InvalidDataException($"{manifest.Source}: sha256 differs from the one recorded in the manifest; the file changed since the conversion");
        var recognitions = PpOcrOrtComparison.Compare(OnnxModelFile.Load(manifest.Source), converted, decoder, images);
        return new PpOcrVerificationResult([OrtRow(name, manifest.Target, recognitions)], [.. recognitions.Select(r => (manifest.Target, r))], fonts);
    }

    /// <summary>One row for the ORT end-to-end check: max |Δp|, top-1 agreement over time steps, max KL, identical strings.</summary>
    private static VerificationRow OrtRow(string name, string variant, IReadOnlyList<OrtRecognition> lines)
    {
        double maxDiff = lines.Max(l => l.MaxProbabilityDiff);
        return new VerificationRow(name, variant, "ort-float32", "probabilities", maxDiff, maxDiff,
            lines.Min(l => l.Top1Agreement), lines.Max(l => l.MaxKl), lines.All(l => l.SameText) && maxDiff <= MaxProbabilityDiff);
    }
}
