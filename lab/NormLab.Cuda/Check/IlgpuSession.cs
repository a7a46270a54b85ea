using NormLab.Check;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Runtime;
using NormLab.Kernels;
using NormLab.Reference;

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
        switch (c.Variant)
        {
            case NormVariant.FlashNormRms or NormVariant.FlashNormLayerNorm:
                var weights = FlashNormWeights.Fold(c.Kind, c.Gain, c.Bias, c.W, c.D, c.N, c.C);
                return [flash.Value.Forward(c.Kind, c.X, c.D, weights, c.Eps)];
            case NormVariant.LayerNormBackward or NormVariant.RmsNormBackward:
                var kind = c.Variant == NormVariant.LayerNormBackward ? NormKind.LayerNorm : NormKind.RmsNorm;
                var grads = norm.Backward(kind, c.D, c.Eps, c.DType, c.X, c.Gain, c.Dy, parameterGrads: true, version);
                return [grads.Dx, grads.DGain!, grads.DBias!];
            default:
                var result = norm.Forward(Spec(c), c.DType, c.X, c.Residual, c.Gain, c.Bias, version);
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
        Device.Dispose();
    }
}
