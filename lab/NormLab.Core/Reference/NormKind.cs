namespace NormLab.Reference;

/// <summary>The two normalizations the fused residual variants can use.</summary>
public enum NormKind
{
    LayerNorm,
    RmsNorm,
}
