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
        try
        {
            var manifest = OnnxConversionManifest.ConvertFile(modelPath, OnnxConversionManifest.ParseTarget(target), outPath);
            foreach (string change in manifest.Changes) Console.WriteLine($"  {change}");
            Console.WriteLine($"wrote {manifest.Output} ({manifest.Target}) and {OnnxConversionManifest.PathFor(manifest.Output)}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
        {
            Console.Error.WriteLine($"convert failed: {e.Message}");
            return 1;
        }
    }
}
