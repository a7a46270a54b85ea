using NormLab.Models.Description;
using NormLab.Reference;

namespace NormLab.Models.Forward;

/// <summary>Float64 norms: the lab's references, the truth everything else is held to.</summary>
public sealed class Float64NormBackend : INormBackend<double>
{
    public static readonly Float64NormBackend Instance = new();

    public void Normalize(NormType type, double[] x, int width, int fullDim, double[]? gain, double[]? bias, double eps, double[] y)
    {
        switch (type)
        {
            case NormType.LayerNorm: LayerNormReference.Forward(x, width, gain, bias, eps, y); break;
            case NormType.RmsNorm: RmsNormReference.Forward(x, width, gain, bias, eps, y); break;
            case NormType.CRmsNorm: CRmsNormReference.Forward(x, fullDim, gain, bias, eps, y); break;
            default: x.CopyTo(y, 0); break;
        }
    }

    public void InverseRms(NormType type, double[] x, int width, int fullDim, double eps, double[] inverse)
    {
        for (int r = 0; r < inverse.Length; r++)
        {
            var row = x.AsSpan(r * width, width);
            inverse[r] = type == NormType.CRmsNorm
                ? 1.0 / CRmsNormReference.Rms(row, fullDim, eps, out _)
                : RmsNormReference.InvRms(row, eps);
        }
    }
}
