using System.Security.Cryptography;
using System.Text.Json;

namespace NormLab.Models.Onnx;

/// <summary>
/// What `normlab convert` did to an ONNX model, written next to the output as NAME.manifest.json:
/// the source (path, sha256), the target form, and every change. `normlab verify` reads it to find
/// the original a converted file must agree with.
/// </summary>
public sealed record OnnxConversionManifest(string Source, string SourceSha256, string Target, string Output, IReadOnlyList<string> Changes)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string PathFor(string onnxPath) => Path.ChangeExtension(onnxPath, ".manifest.json");

    /// <summary>Converts <paramref name="source"/> into <paramref name="output"/> and writes its manifest; returns the manifest.</summary>
    public static OnnxConversionManifest ConvertFile(string source, OnnxStageTarget target, string output)
    {
        var model = OnnxModelFile.Load(source);
        var (converted, _, changes) = OnnxPreLnConverter.Convert(model, target, source);
        converted.DocString = $"NormLab {TargetName(target)} conversion of {Path.GetFileName(source)}";
        OnnxModelFile.Save(converted, output);
        var manifest = new OnnxConversionManifest(Path.GetFullPath(source), Sha256(source), TargetName(target), Path.GetFullPath(output), changes);
        NormLab.IO.AtomicOutput.WriteText(PathFor(output), JsonSerializer.Serialize(manifest, Json));
        return manifest;
    }

    /// <summary>The manifest next to <paramref name="onnxPath"/>, or null when there is none.</summary>
    public static OnnxConversionManifest? TryRead(string onnxPath)
    {
        string path = PathFor(onnxPath);
        if (!File.Exists(path)) return null;
        NormLab.IO.InputFile.RequireRegular(path, "conversion manifest");
        try
        {
            return JsonSerializer.Deserialize<OnnxConversionManifest>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty manifest");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a conversion manifest ({e.Message})", e);
        }
    }

    /// <summary>Checks that the source this manifest names is still the file that was converted.</summary>
    public void VerifySource()
    {
        if (!File.Exists(Source)) throw new FileNotFoundException($"the manifest names source model {Source}, which is missing", Source);
        if (Sha256(Source) != SourceSha256)
            throw new InvalidDataException($"{Source}: sha256 differs from the one recorded in the manifest; the file changed since the conversion");
    }

    public static string TargetName(OnnxStageTarget target) => target == OnnxStageTarget.PreRmsNorm ? "pre-rmsnorm" : "pre-crmsnorm";

    public static OnnxStageTarget ParseTarget(string name) => name switch
    {
        "pre-rmsnorm" => OnnxStageTarget.PreRmsNorm,
        "pre-crmsnorm" => OnnxStageTarget.PreCRmsNorm,
        _ => throw new ArgumentException($"ONNX models convert to pre-rmsnorm or pre-crmsnorm, not '{name}'", nameof(name)),
    };

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(NormLab.IO.InputFile.RequireRegular(path, "ONNX model"));
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}
