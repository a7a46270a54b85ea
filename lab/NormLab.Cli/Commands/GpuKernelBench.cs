using System.Text.Json;
using NormLab.Cuda.Bench;
using NormLab.Cuda.Runtime;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab bench kernels --backend cuda`: the CUDA kernels' GB/s against a device-to-device copy of the
/// same bytes (and PyTorch eager, from scripts/gpu/torch_bench.py's JSON) on the GPU shapes. Its anchors
/// live on the device, so it is a runner of its own rather than a source for the CPU bench.
/// </summary>
public static class GpuKernelBench
{
    public const string Backend = "cuda";

    /// <summary>Exit code: 0, or 2 without a CUDA device.</summary>
    public static int Run(string? jsonPath, string? torchPath)
    {
        using var device = GpuDevice.TryCreateCuda(out string reason);
        if (device is null)
        {
            Console.Error.WriteLine($"bench --backend cuda: {reason}.");
            return 2;
        }
        Console.WriteLine($"device {device.Describe()}");
        var torchRows = torchPath is { } t ? TorchResult.Load(t) : [];
        var rows = new List<GpuBenchRow>();
        foreach (var row in CudaBenchmark.Run(device, torchRows, CudaBenchmark.Rows, CudaBenchmark.Widths))
        {
            rows.Add(row);
            Console.WriteLine($"{row.Variant,-10} {row.Dtype,-8} {row.Rows,6} × {row.D,-5} {row.Kernel,-10} {row.Ms,9:F4} ms {row.Gbps,8:F1} GB/s {row.VsCopy,6:P0} of copy  vsTorch {row.VsTorch?.ToString("F2") ?? "-"}");
        }
        if (jsonPath is { } path)
            NormLab.IO.AtomicOutput.WriteText(path, JsonSerializer.Serialize(rows, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        return 0;
    }
}
