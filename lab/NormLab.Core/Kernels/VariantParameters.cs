namespace NormLab.Kernels;

/// <summary>
/// The canonical parameters of the parameterized variants, one value for check, bench and the GPU side:
/// pRMSNorm's fraction p (the pRMSNorm paper's 6.25 %, the setting it reports as matching RMSNorm) and
/// the layer index ℓ at which LayerNorm Scaling's 1/sqrt(ℓ) is exercised.
/// </summary>
public static class VariantParameters
{
    public const double PartialFraction = 0.0625;

    public const int ScalingLayer = 4;
}
