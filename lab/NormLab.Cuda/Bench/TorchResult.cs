using NormLab.Kernels;
using System.Text.Json;

namespace NormLab.Cuda.Bench;

/// <summary>One line of scripts/gpu/torch_bench.py's JSON: PyTorch eager on one shape and dtype.</summary>
public sealed record TorchResult(string Variant, string Dtype, int Rows, int D, double Ms, double Gbps)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the torch results file; a missing or malformed file is an InvalidDataException naming it.</summary>
    public static IReadOnlyList<TorchResult> Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<List<TorchResult>>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty torch results.");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new InvalidDataException($"{path}: not a torch_bench.py result file ({e.Message}).", e);
        }
    }
}
