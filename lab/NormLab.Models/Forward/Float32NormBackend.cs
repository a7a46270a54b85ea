using NormLab.Kernels;
using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Models.Description;

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
                ? new CRmsStatistic(fullDim).Compute<SimdMode>(row, (float)eps).Scale
                : new RmsStatistic(width).Compute<SimdMode>(row, (float)eps).Scale;
        }
    }
}
