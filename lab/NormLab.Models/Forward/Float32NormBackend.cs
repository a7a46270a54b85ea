using NormLab.Kernels;
using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Models.Description;
using NormLab.Reference;

namespace NormLab.Models.Forward;

/// <summary>
/// Float32 norms through the lab's SIMD CPU kernels (NormLab.Kernels); FlashNorm's deferred 1/rms
/// uses the kernels' own row statistics, so both float32 paths share one arithmetic.
/// </summary>
public sealed class Float32NormBackend : INormBackend<float>
{
    public static readonly Float32NormBackend Instance = new();

    public void Normalize(NormType type, float[] x, int width, int fullDim, float[]? gain, float[]? bias, double eps, float[] y)
    {
        switch (type)
        {
            case NormType.LayerNorm: LayerNormKernel.Simd(x, width, gain, bias, (float)eps, y); break;
            case NormType.RmsNorm: RmsNormKernel.Simd(x, width, gain, bias, (float)eps, y); break;
            case NormType.CRmsNorm: CRmsNormKernel.Simd(x, fullDim, gain, bias, (float)eps, y); break;
            default: x.CopyTo(y, 0); break;
        }
    }

    public void InverseRms(NormType type, float[] x, int width, int fullDim, double eps, float[] inverse)
    {
        for (int r = 0; r < inverse.Length; r++)
        {
            var row = x.AsSpan(r * width, width);
            inverse[r] = type == NormType.CRmsNorm
                ? new CRmsStatistic(fullDim).Compute<SimdMode, Float32Storage, float>(row, (float)eps).Scale
                : new RmsStatistic(width).Compute<SimdMode, Float32Storage, float>(row, (float)eps).Scale;
        }
    }

    public void NormalizeScaled(NormType type, float[] x, int width, int fullDim, float[]? gain, float[]? bias, double eps, int layer, float[] y)
    {
        if (type == NormType.LayerNorm) { LayerNormScalingKernel.Simd(x, width, gain, bias, (float)eps, layer, y); return; }
        Normalize(type, x, width, fullDim, gain, bias, eps, y); // no fused kernel for the other norms: scale afterwards
        float scale = (float)LayerNormScalingReference.Scale(layer);
        for (int j = 0; j < y.Length; j++) y[j] *= scale;
    }

    public void PeriResidual(NormType type, float[] x, float[] y, int width, float[]? gain, float[]? bias, double eps, float[] h)
    {
        if (type is NormType.LayerNorm or NormType.RmsNorm)
        {
            var kind = type == NormType.LayerNorm ? NormKind.LayerNorm : NormKind.RmsNorm;
            PeriNormResidualKernel.Simd(kind, x, y, width, gain, bias, (float)eps, h);
            return;
        }
        if (type != NormType.None)
            throw new ArgumentException($"Peri-LN output norms are LayerNorm or RMSNorm, not {type}.", nameof(type));
        for (int j = 0; j < h.Length; j++) h[j] = x[j] + y[j];
    }
}
