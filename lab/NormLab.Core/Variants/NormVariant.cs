namespace NormLab.Variants;

/// <summary>The variants' identities; what each one is lives in its <see cref="VariantRegistry"/> entry.</summary>
public enum NormVariant
{
    LayerNorm,
    LayerNormAffine,
    RmsNorm,
    PRmsNorm,
    CRmsNorm,
    LayerNormScaling,
    PeriNormResidual,
    PreNormResidual,
    FlashNormRms,
    FlashNormLayerNorm,
    LayerNormBackward,
    RmsNormBackward,
    CRmsNormBackward,
}
