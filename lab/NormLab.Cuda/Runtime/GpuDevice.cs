using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace NormLab.Cuda.Runtime;

/// <summary>
/// An ILGPU context and one accelerator: CUDA on a GPU machine, or ILGPU's CPU accelerator (which
/// runs the same kernels, simulating warps and blocks with threads) in CI.
/// </summary>
public sealed class GpuDevice : IDisposable
{
    private GpuDevice(Context context, Accelerator accelerator)
    {
        Context = context;
        Accelerator = accelerator;
    }

    public Context Context { get; }
    public Accelerator Accelerator { get; }
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>"ilgpu-cpu" or "cuda": the backend name in JSON rows.</summary>
    public string BackendName => IsCuda ? "cuda" : "ilgpu-cpu";

    /// <summary>
    /// The CPU accelerator: 4-thread warps, at most 16 warps (64 threads) per block, one
    /// multiprocessor. Small on purpose: every simulated thread is an OS thread meeting the others at
    /// each shuffle and barrier, and 32-thread warps made the tests 10× slower on a 2-core machine. The
    /// kernels take the warp size from the accelerator, so the same code paths run (multi-step shuffles,
    /// several warps per block, lanes past the row end).
    /// </summary>
    public static GpuDevice CreateCpu()
    {
        var context = Context.Create(b => b.CPU(new CPUDevice(4, 16, 1)).EnableAlgorithms());
        return new GpuDevice(context, context.CreateCPUAccelerator(0));
    }

    /// <summary>The first CUDA device, or null with the reason when there is none (no driver, no GPU,
    /// or an architecture this ILGPU does not know).</summary>
    public static GpuDevice? TryCreateCuda(out string reason)
    {
        Context? context = null;
        try
        {
            context = Context.Create(b => b.Cuda(PtxWorkaround.Apply).EnableAlgorithms());
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                reason = "no CUDA device found (no NVIDIA driver/libcuda, or no GPU visible to it)";
                context.Dispose();
                return null;
            }
            if (devices[0].Architecture is null)
            {
                reason = $"CUDA device '{devices[0].Name}' has an architecture ILGPU 1.5.3 does not know";
                context.Dispose();
                return null;
            }
            reason = "";
            return new GpuDevice(context, context.CreateCudaAccelerator(0));
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or CudaException or NotSupportedException)
        {
            context?.Dispose();
            reason = $"no CUDA device found ({e.GetType().Name}: {e.Message})";
            return null;
        }
    }

    /// <summary>One line for reports: device name, architecture, PTX ISA, driver.</summary>
    public string Describe() => Accelerator is CudaAccelerator cuda
        ? $"{cuda.Name} (sm_{cuda.Architecture.Major}{cuda.Architecture.Minor}, PTX ISA {cuda.InstructionSet}, driver {cuda.DriverVersion}, {cuda.MemorySize / (1 << 20)} MiB)"
        : $"{Accelerator.Name} (ILGPU CPU accelerator, warp {Accelerator.WarpSize}, ≤ {Accelerator.MaxNumThreadsPerGroup} threads/block)";

    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}
