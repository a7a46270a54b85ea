using NormLab.Check;
using System.Text.Json;
using NormLab.Results;

namespace NormLab.Reports.Data;

/// <summary>
/// The result files a report is rendered from (reports/data/*.json); each is null when its file is
/// absent, and the report then says so. A file that exists but does not parse is an error.
/// </summary>
public sealed record ReportInputs(
    IReadOnlyList<CheckResult>? Check,
    IReadOnlyList<VerificationRow>? Verify,
    KernelBenchResult? Kernels,
    ModelBenchResult? Models,
    DepthDocument? Depth,
    MachineInfo? Machine,
    IReadOnlyList<ClassificationResult>? Classification = null,
    KernelBenchResult? Kernels256Bit = null,
    TrainingInputs? Training = null)
{
    public const string CheckFile = "check.json";
    public const string VerifyFile = "verify.json";
    public const string KernelsFile = "bench-kernels.json";
    public const string ModelsFile = "bench-models.json";
    /// <summary>run-all's LayerNorm/RMSNorm rerun with the 512-bit branch switched off (AVX-512 machines only).</summary>
    public const string Kernels256BitFile = "bench-kernels-256bit.json";
    public const string DepthFile = "depth.json";
    /// <summary>verify's data-set results (ViT-MNIST accuracy and agreement per form).</summary>
    public const string ClassificationFile = "vit-mnist.json";
    /// <summary>Written by run-all when it starts: the machine for results that carry none (check, verify, depth).</summary>
    public const string MachineFile = "machine.json";

    public static ReportInputs Load(string dataDirectory)
    {
        T? Read<T>(string file) where T : class
        {
            string path = Path.Combine(dataDirectory, file);
            return File.Exists(path) ? ResultJson.Read<T>(path) : null;
        }

        string depthPath = Path.Combine(dataDirectory, DepthFile);
        var depth = File.Exists(depthPath) ? ReadDepth(depthPath) : null;
        return new ReportInputs(
            Read<CheckResult[]>(CheckFile),
            Read<VerificationRow[]>(VerifyFile),
            Read<KernelBenchResult>(KernelsFile),
            Read<ModelBenchResult>(ModelsFile),
            depth,
            Read<MachineInfo>(MachineFile),
            Read<ClassificationResult[]>(ClassificationFile),
            Read<KernelBenchResult>(Kernels256BitFile),
            TrainingInputs.Load(dataDirectory));
    }

    /// <summary>depth.json is written with the depth study's own options (enum names as strings).</summary>
    private static DepthDocument ReadDepth(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<DepthDocument>(File.ReadAllText(NormLab.IO.InputFile.RequireRegular(path, "result file")), DepthDocument.Json)
                ?? throw new InvalidDataException($"{path}: the file holds null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid depth document: {e.Message}", e);
        }
    }
}
