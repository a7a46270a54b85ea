using NormLab.IO;
using NormLab.Models.Onnx;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab convert` for an .onnx model: any Pre-LN transformer graph (OnnxPreLnConverter) rewritten to Pre-RMSNorm or
/// Pre-CRMSNorm, written as ONNX with a NAME.manifest.json beside it. Returns the exit code.
/// </summary>
public static class OnnxConvertBranch
{
    public static bool Accepts(string modelPath) => modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    public static int Run(string modelPath, string target, string outPath)
    {
        if (target is not ("pre-rmsnorm" or "pre-crmsnorm"))
            throw new UsageException($"--to {target}: ONNX models convert to pre-rmsnorm or pre-crmsnorm.");
        InputFile.RequireRegular(modelPath, "model");
        AtomicOutput.Require(outPath, "--out", modelPath);
        AtomicOutput.Require(OnnxConversionManifest.PathFor(outPath), "--out's manifest", modelPath);
        var manifest = OnnxConversionManifest.ConvertFile(modelPath, OnnxConversionManifest.ParseTarget(target), outPath);
        foreach (string change in manifest.Changes) Console.WriteLine($"  {change}");
        Console.WriteLine($"wrote {manifest.Output} ({manifest.Target}) and {OnnxConversionManifest.PathFor(manifest.Output)}");
        return 0;
    }
}
