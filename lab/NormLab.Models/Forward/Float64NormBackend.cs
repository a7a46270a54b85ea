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

    public void NormalizeScaled(NormType type, double[] x, int width, int fullDim, double[]? gain, double[]? bias, double eps, int layer, double[] y)
    {
        if (type == NormType.LayerNorm) { LayerNormScalingReference.Forward(x, width, gain, bias, eps, layer, y); return; }
        Normalize(type, x, width, fullDim, gain, bias, eps, y);
        double scale = LayerNormScalingReference.Scale(layer);
        for (int j = 0; j < y.Length; j++) y[j] *= scale;
    }

    public void PeriResidual(NormType type, double[] x, double[] y, int width, double[]? gain, double[]? bias, double eps, double[] h)
    {
        if (type is NormType.LayerNorm or NormType.RmsNorm)
        {
            ResidualNormReference.PeriOutput(type == NormType.LayerNorm ? NormKind.LayerNorm : NormKind.RmsNorm, x, y, width, gain, bias, eps, h);
            return;
        }
        if (type != NormType.None)
            throw new ArgumentException($"Peri-LN output norms are LayerNorm or RMSNorm, not {type}.", nameof(type));
        for (int j = 0; j < h.Length; j++) h[j] = x[j] + y[j];
    }
}
