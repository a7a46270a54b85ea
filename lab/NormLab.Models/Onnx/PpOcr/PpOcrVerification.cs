using NormLab.Results;
using NormLab.Errors;
using NormLab.Models.Onnx.Proto;

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
        var manifest = OnnxConversionManifest.TryRead(modelPath);
        manifest?.VerifySource();
        using var source = PpOcrModel.Open(manifest?.Source ?? modelPath);
        var lines = PpOcrLines.Render(keysPath);
        return manifest is null
            ? Original(source, lines, PpOcrStageVerification.Capture(source, lines.Widest), name)
            : ConvertedFile(source, OnnxModelFile.Load(modelPath), manifest.Target, lines, name);
    }

    /// <summary>An original recognizer: the stage per layer against each conversion, then each converted graph in ORT.</summary>
    public static PpOcrVerificationResult Original(PpOcrModel m, PpOcrLines samples, PpOcrStageVerification.StageInput input, string name)
    {
        var rows = PpOcrStageVerification.Run(m, name, input).ToList();
        var lines = new List<(string, OrtRecognition)>();
        foreach (var target in new[] { OnnxStageTarget.PreRmsNorm, OnnxStageTarget.PreCRmsNorm })
        {
            string variant = OnnxConversionManifest.TargetName(target);
            var recognitions = PpOcrOrtComparison.Compare(m.Session, m.Convert(target).Model, samples.Decoder, samples.Images);
            rows.Add(OrtRow(name, variant, recognitions));
            lines.AddRange(recognitions.Select(r => (variant, r)));
        }
        return new PpOcrVerificationResult(rows, lines, samples.FontNote);
    }

    /// <summary>A file written by `normlab convert` (source checked by its manifest): in ORT against that source.</summary>
    public static PpOcrVerificationResult ConvertedFile(PpOcrModel source, ModelProto converted, string target, PpOcrLines samples, string name)
    {
        var recognitions = PpOcrOrtComparison.Compare(source.Session, converted, samples.Decoder, samples.Images);
        return new PpOcrVerificationResult([OrtRow(name, target, recognitions)], [.. recognitions.Select(r => (target, r))], samples.FontNote);
    }

    /// <summary>One row for the ORT end-to-end check: max |Δp|, top-1 agreement over time steps, max KL, identical strings.</summary>
    private static VerificationRow OrtRow(string name, string variant, IReadOnlyList<OrtRecognition> lines)
    {
        double maxDiff = lines.Max(l => l.MaxProbabilityDiff);
        return new VerificationRow(name, variant, "ort-float32", "probabilities", maxDiff, maxDiff,
            lines.Min(l => l.Top1Agreement), lines.Max(l => l.MaxKl), lines.All(l => l.SameText) && maxDiff <= MaxProbabilityDiff,
            MetricNames.ProbabilityAbs);
    }
}
