using NormLab.Bench.Gpu;
using NormLab.Results;
using NormLab.Cuda.Runtime;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab bench kernels --backend cuda|ilgpu-cpu`: the GPU harness (check every kernel version on the
/// check's metric and bounds, time the ones that pass against a device copy and PyTorch). On the CPU
/// accelerator it is a rehearsal of the same code on small shapes: its timings say nothing about a GPU.
/// </summary>
public static class GpuKernelBench
{
    public static readonly string[] Backends = ["cuda", "ilgpu-cpu"];

    /// <summary>The GPU shapes: two row counts × widths including one above 1024 that is not a multiple of 4 (v3 has no launch there).</summary>
    public static readonly int[] CudaRows = [4096, 32768], CudaWidths = [768, 4096, 4097, 8192];

    /// <summary>The CPU accelerator simulates every thread: a rehearsal on shapes that reach v1, v2 and v3.</summary>
    public static readonly int[] RehearsalRows = [8], RehearsalWidths = [33, 1032];

    public static bool Handles(string backend) => Backends.Contains(backend, StringComparer.OrdinalIgnoreCase);

    /// <summary>Exit code: 0; 1 when a version failed its check; 2 without a CUDA device.</summary>
    public static int Run(string backend, IReadOnlyList<int>? rows, IReadOnlyList<int>? widths, string? variants, string? dtype,
        string? jsonPath, string? torchPath)
    {
        bool cuda = string.Equals(backend, "cuda", StringComparison.OrdinalIgnoreCase);
        // Arguments first: a typo costs no device start.
        var keep = variants is null ? null : VariantRegistry.Select(variants, "bench --variants", GpuKernelHarness.Entries).ToHashSet();
        Dtype[] dtypes = dtype is null ? [.. GpuDtypes] : [ParseDtype(dtype)];
        if (jsonPath is not null) NormLab.IO.AtomicOutput.Require(jsonPath, "--json");
        var torch = torchPath is null ? TorchTimings.None : TorchTimings.Load(torchPath);
        string reason = "";
        using var device = cuda ? GpuDevice.TryCreateCuda(out reason) : GpuDevice.CreateCpu();
        if (device is null)
        {
            Console.Error.WriteLine($"bench --backend cuda: {reason}.");
            return 2;
        }
        var runner = new IlgpuKernelRunner(device, quick: !cuda);
        Console.WriteLine($"device {runner.Device}; torch {torchPath ?? "none"}");
        var results = new List<GpuBenchRow>();
        foreach (var row in new GpuKernelHarness(runner, torch).Run(dtypes, rows ?? (cuda ? CudaRows : RehearsalRows),
            widths ?? (cuda ? CudaWidths : RehearsalWidths), e => keep is null || keep.Contains(e)))
        {
            results.Add(row);
            Console.WriteLine(Line(row));
        }
        if (jsonPath is { } path)
        {
            ResultJson.Write(path, new GpuBenchResult(MachineInfo.CaptureHost(), runner.Device, torchPath, torch.Refusals, results));
            Console.WriteLine($"wrote {path}");
        }
        int failed = results.Count(r => !r.Pass);
        Console.WriteLine($"{results.Count} kernel runs, {failed} failed their check (not timed)");
        return failed == 0 ? 0 : 1;
    }

    private static string Line(GpuBenchRow r) =>
        FormattableString.Invariant($"{r.Variant,-18} {r.Dtype,-8} {r.Rows,6} × {r.D,-5} {r.Version + (r.Pick is null ? "" : $"({r.Pick})"),-9} ")
        + (r.Pass
            ? FormattableString.Invariant($"ok {r.MaxUlp,6:F2}/{r.Bound:G3} ULP {r.Ms,9:F4} ms [{r.MsMin:F4}–{r.MsMax:F4}] {r.Gbps,8:F1} GB/s {r.VsCopy,6:P0} of copy  vs torch {Ratio(r.VsTorch)} / compile {Ratio(r.VsTorchCompile)}")
            : FormattableString.Invariant($"FAILED check: {r.MaxUlp:G3} ULP > {r.Bound:G3} (not timed)"));

    private static string Ratio(double? r) => r is { } v ? v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "×" : "–";

    /// <summary>The storage the GPU kernels have (no bfloat16).</summary>
    private static readonly Dtype[] GpuDtypes = [Dtype.Float32, Dtype.Float16];

    private static Dtype ParseDtype(string name) =>
        GpuDtypes.Where(t => string.Equals(t.Name(), name, StringComparison.OrdinalIgnoreCase)).Select(t => (Dtype?)t).FirstOrDefault()
        ?? throw new UsageException($"bench --dtype '{name}': expected float32 or float16 (the GPU kernels have no bfloat16 storage).");
}
