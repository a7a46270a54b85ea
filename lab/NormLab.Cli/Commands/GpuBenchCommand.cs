using NormLab.Kernels;
using System.CommandLine;
using System.Text.Json;
using NormLab.Cuda.Bench;
using NormLab.Cuda.Runtime;

namespace NormLab.Cli.Commands;

/// <summary>`normlab bench-gpu`: the CUDA kernels' GB/s against a device copy (and PyTorch, if given) on the GPU shapes.</summary>
public static class GpuBenchCommand
{
    public static Command Create()
    {
        var json = new Option<string?>("--json") { Description = "Write the rows (variant, backend, dtype, rows, d, kernel, ms, gbps, vsCopy, vsTorch) to this path." };
        var torch = new Option<string?>("--torch") { Description = "scripts/gpu/torch_bench.py's JSON, for vsTorch." };
        var command = new Command("bench-gpu", "Benchmark the CUDA kernels (LayerNorm, RMSNorm; v1..v3 and the chooser) on rows {4096, 32768} × d {768, 4096, 8192}, float32 and float16. Exit 2 without a CUDA device.");
        command.Options.Add(json);
        command.Options.Add(torch);
        command.SetAction(parse =>
        {
            using var device = GpuDevice.TryCreateCuda(out string reason);
            if (device is null)
            {
                Console.Error.WriteLine($"bench-gpu: {reason}.");
                return 2;
            }
            Console.WriteLine($"device {device.Describe()}");
            var torchRows = parse.GetValue(torch) is { } t ? TorchResult.Load(t) : [];
            var rows = new List<GpuBenchRow>();
            foreach (var row in CudaBenchmark.Run(device, torchRows, CudaBenchmark.Rows, CudaBenchmark.Widths))
            {
                rows.Add(row);
                Console.WriteLine($"{row.Variant,-10} {row.Dtype,-8} {row.Rows,6} × {row.D,-5} {row.Kernel,-10} {row.Ms,9:F4} ms {row.Gbps,8:F1} GB/s {row.VsCopy,6:P0} of copy  vsTorch {row.VsTorch?.ToString("F2") ?? "-"}");
            }
            if (parse.GetValue(json) is { } path)
                File.WriteAllText(path, JsonSerializer.Serialize(rows, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
