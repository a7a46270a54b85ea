using NormLab.Check;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Runtime;
using NormLab.Cuda.Storage;
using NormLab.Kernels;
using NormLab.Reference;

namespace NormLab.Cuda.Check;

/// <summary>
/// The ILGPU kernels as a `normlab check` backend: "cuda" on a GPU, "ilgpu-cpu" on ILGPU's CPU
/// accelerator. The kernel version is the chooser's, as in production. Every variant in float32 and
/// float16 storage except FlashNorm (float32 only: cuBLAS's half GEMM accumulates in half) and CRMSNorm
/// backward (not a GPU kernel here).
/// </summary>
public sealed class IlgpuKernelBackend : IKernelBackend, IDisposable
{
    private readonly GpuDevice device;
    private readonly GpuNorm norm;
    private readonly Lazy<GpuFlashNorm> flash;
    private readonly Lock gate = new(); // the harness runs cases in parallel; one accelerator serves them in turn

    public IlgpuKernelBackend(GpuDevice device)
    {
        this.device = device;
        norm = new GpuNorm(device);
        flash = new Lazy<GpuFlashNorm>(() => new GpuFlashNorm(device));
    }

    public string Name => device.BackendName;

    /// <summary>The ILGPU CPU accelerator backend (always available).</summary>
    public static IlgpuKernelBackend CreateCpu() => new(GpuDevice.CreateCpu());

    /// <summary>The CUDA backend, or <see cref="NoCudaDeviceException"/> saying why there is none.</summary>
    public static IlgpuKernelBackend CreateCuda() =>
        new(GpuDevice.TryCreateCuda(out string reason) ?? throw new NoCudaDeviceException(reason));

    /// <summary>float32 and float16 (the GPU kernels have no bfloat16 storage yet).</summary>
    public bool Supports(NormVariant variant, Dtype dtype) => dtype != Dtype.BFloat16 && variant switch
    {
        NormVariant.CRmsNormBackward => false,
        NormVariant.FlashNormRms or NormVariant.FlashNormLayerNorm => dtype == Dtype.Float32,
        _ => true,
    };

    public float[][] Run(CheckCase c)
    {
        lock (gate) return RunOne(c);
    }

    private float[][] RunOne(CheckCase c)
    {
        var dtype = c.DType;
        switch (c.Variant)
        {
            case NormVariant.FlashNormRms or NormVariant.FlashNormLayerNorm:
                var weights = FlashNormWeights.Fold(c.Kind, c.Gain, c.Bias, c.W, c.D, c.N, c.C);
                return [flash.Value.Forward(c.Kind, c.X, c.D, weights, c.Eps)];
            case NormVariant.LayerNormBackward or NormVariant.RmsNormBackward:
                var kind = c.Variant == NormVariant.LayerNormBackward ? NormKind.LayerNorm : NormKind.RmsNorm;
                var grads = norm.Backward(kind, c.D, c.Eps, dtype, c.X, c.Gain, c.Dy, parameterGrads: true);
                return [grads.Dx, grads.DGain!, grads.DBias!];
            default:
                var result = norm.Forward(Spec(c), dtype, c.X, c.Residual, c.Gain, c.Bias);
                return c.Variant == NormVariant.PreNormResidual ? [result.Sum!, result.Output] : [result.Output];
        }
    }

    private static RowNormSpec Spec(CheckCase c) => c.Variant switch
    {
        NormVariant.LayerNorm or NormVariant.LayerNormAffine => RowNormSpec.LayerNorm(c.D, c.Eps),
        NormVariant.RmsNorm => RowNormSpec.RmsNorm(c.D, c.Eps),
        NormVariant.PRmsNorm => RowNormSpec.PartialRmsNorm(c.D, c.P, c.Eps),
        NormVariant.CRmsNorm => RowNormSpec.CRmsNorm(c.D, c.Eps),
        NormVariant.LayerNormScaling => RowNormSpec.LayerNormScaling(c.D, c.Eps, c.Layer),
        NormVariant.PeriNormResidual => RowNormSpec.PeriOutput(c.Kind, c.D, c.Eps),
        NormVariant.PreNormResidual => RowNormSpec.PreNormAdd(c.Kind, c.D, c.Eps),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Variant, "no ILGPU kernel for this variant"),
    };

    public void Dispose()
    {
        if (flash.IsValueCreated) flash.Value.Dispose();
        device.Dispose();
    }
}
