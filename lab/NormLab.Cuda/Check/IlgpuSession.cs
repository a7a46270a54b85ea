using NormLab.Check;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Runtime;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Cuda.Check;

/// <summary>
/// One ILGPU device with its compiled kernels, shared by the check backends of every kernel version;
/// the harness runs cases in parallel and the accelerator serves them one at a time.
/// </summary>
public sealed class IlgpuSession(GpuDevice device) : IDisposable
{
    private readonly GpuNorm norm = new(device);
    private readonly Lazy<GpuFlashNorm> flash = new(() => new GpuFlashNorm(device));
    private readonly Lock gate = new();

    public GpuDevice Device { get; } = device;

    /// <summary>The case's outputs from the given version (null: the launch plan's choice).</summary>
    public float[][] Run(CheckCase c, KernelVersion? version)
    {
        lock (gate) return RunOne(c, version);
    }

    private float[][] RunOne(CheckCase c, KernelVersion? version)
    {
        var entry = c.Entry;
        switch (entry.Role)
        {
            case VariantRole.NormMatmul:
                var weights = FlashNormWeights.Fold(c.Kind, c.Gain, c.Bias, c.W, c.D, c.N, c.C);
                return [flash.Value.Forward(c.Kind, c.X, c.D, weights, c.Eps)];
            case VariantRole.Backward:
                var grads = norm.Backward(entry.Kind, c.D, c.Eps, c.DType, c.X, c.Gain, c.Dy, parameterGrads: true, version);
                return [grads.Dx, grads.DGain!, grads.DBias!];
            default:
                var spec = GpuVariants.RowSpec(entry, c.D, c.Eps)!;
                var result = norm.Forward(spec, c.DType, c.X, c.Residual, c.Gain, c.Bias, version);
                return entry.Residual == ResidualMode.PreNormAdd ? [result.Sum!, result.Output] : [result.Output];
        }
    }

    public void Dispose()
    {
        if (flash.IsValueCreated) flash.Value.Dispose();
        Device.Dispose();
    }
}
