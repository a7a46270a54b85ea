using NormLab.Check;
using NormLab.Cuda.Bench;
using NormLab.Cuda.Check;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Runtime;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Bench.Gpu;

/// <summary>
/// The ILGPU kernels (CUDA on a GPU, the CPU accelerator elsewhere) as the GPU harness's runner.
/// Quick timing (one launch, no warm-up) is for the CPU accelerator's rehearsal only.
/// </summary>
public sealed class IlgpuKernelRunner(GpuDevice device, bool quick = false) : IGpuKernelRunner
{
    public const string Auto = "auto";

    private readonly GpuNorm norm = new(device);

    public string Device => device.Describe();

    /// <summary>v1, v2, v3 where the entry has a launch at this width, then the chooser's pick.</summary>
    public IReadOnlyList<string> Versions(VariantEntry entry, Dtype dtype, int width) =>
    [
        .. KernelVersions.All.Where(v => GpuVariants.Supports(entry, dtype, v) && v.Supports(width)).Select(v => v.Tag()),
        .. GpuVariants.Supports(entry, dtype, null) ? [Auto] : Array.Empty<string>(),
    ];

    public IPreparedGpuKernel Prepare(CheckCase c, string version)
    {
        var spec = GpuVariants.RowSpec(c.Entry, c.D, c.Eps)
            ?? throw new ArgumentException($"{c.Entry.Name} is not a row kernel on the GPU.", nameof(c));
        KernelVersion? chosen = version == Auto ? null : KernelVersions.All.Single(v => v.Tag() == version);
        return new Prepared(device, norm.PrepareForward(spec, c.DType, c.X, c.Residual, c.Gain, c.Bias, chosen), c.Entry, quick);
    }

    public double CopyGbps(long bytes) => GpuTimer.CopyGbps(device.Accelerator, bytes);

    private sealed class Prepared(GpuDevice device, IPreparedKernel kernel, VariantEntry entry, bool quick) : IPreparedGpuKernel
    {
        public string Version => kernel.Name;
        public long BytesMoved => kernel.BytesMoved;

        public void LaunchAndWait()
        {
            kernel.Launch();
            device.Accelerator.Synchronize();
        }

        public (double Median, double Min, double Max) Time() => quick
            ? GpuTimer.Milliseconds(device.Accelerator, kernel.Launch, warmup: 0, batch: 1, trials: 1)
            : GpuTimer.Milliseconds(device.Accelerator, kernel.Launch);

        public float[][] Outputs() => entry.Residual == ResidualMode.PreNormAdd ? [kernel.Sum()!, kernel.Output()] : [kernel.Output()];

        public void Dispose() => kernel.Dispose();
    }
}
