using NormLab.Check;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Bench.Gpu;

/// <summary>
/// What the GPU harness needs of a device: which kernel versions run an entry, a case's kernel
/// prepared on the device (inputs uploaded once, launched many times), and the device's copy
/// bandwidth. The ILGPU runner serves CUDA and the CPU accelerator; tests plant a wrong version.
/// </summary>
public interface IGpuKernelRunner
{
    /// <summary>One line naming the device.</summary>
    string Device { get; }

    /// <summary>The versions that run this entry at this storage type and stored row width ("v1"…, then "auto").</summary>
    IReadOnlyList<string> Versions(VariantEntry entry, Dtype dtype, int width);

    IPreparedGpuKernel Prepare(CheckCase c, string version);

    /// <summary>GB/s (read + write) of a device-to-device copy of <paramref name="bytes"/>.</summary>
    double CopyGbps(long bytes);
}

/// <summary>A case's kernel on the device.</summary>
public interface IPreparedGpuKernel : IDisposable
{
    /// <summary>The version that runs (the chooser's pick for "auto").</summary>
    string Version { get; }

    long BytesMoved { get; }

    /// <summary>Launches once and waits; then <see cref="Outputs"/> holds its results.</summary>
    void LaunchAndWait();

    /// <summary>Median, min and max milliseconds per launch (warm-up, then batches between synchronizations).</summary>
    (double Median, double Min, double Max) Time();

    /// <summary>The outputs of the last launch, widened to float32, in the entry's output order.</summary>
    float[][] Outputs();
}
