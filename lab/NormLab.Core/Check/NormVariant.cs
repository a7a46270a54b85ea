using NormLab.Kernels;
namespace NormLab.Check;

/// <summary>
/// What the accuracy harness checks. Peri-LN's output norm is checked with LayerNorm (Peri-LN), the
/// pre-norm fused residual add with RMSNorm (Llama style), so both statistics meet both fusions.
/// </summary>
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

/// <summary>The input families of the sweep.</summary>
public enum InputFamily
{
    StandardNormal,
    MeanOffset,
    Tiny,
    Huge,
    Zeros,
    NonFinite,
}

/// <summary>The names used in tables and JSON.</summary>
public static class CheckNames
{
    public static string Of(NormVariant v) => v switch
    {
        NormVariant.LayerNorm => "layernorm",
        NormVariant.LayerNormAffine => "layernorm-affine",
        NormVariant.RmsNorm => "rmsnorm",
        NormVariant.PRmsNorm => "prmsnorm",
        NormVariant.CRmsNorm => "crmsnorm",
        NormVariant.LayerNormScaling => "layernorm-scaling",
        NormVariant.PeriNormResidual => "peri-ln-residual",
        NormVariant.PreNormResidual => "prenorm-residual",
        NormVariant.FlashNormRms => "flashnorm-rms",
        NormVariant.FlashNormLayerNorm => "flashnorm-ln",
        NormVariant.LayerNormBackward => "layernorm-backward",
        NormVariant.RmsNormBackward => "rmsnorm-backward",
        NormVariant.CRmsNormBackward => "crmsnorm-backward",
        _ => throw new ArgumentOutOfRangeException(nameof(v), v, null),
    };

    public static string Of(Dtype t) => t.Short();

    public static string Of(InputFamily f) => f switch
    {
        InputFamily.StandardNormal => "normal",
        InputFamily.MeanOffset => "mean1e4",
        InputFamily.Tiny => "mag1e-30",
        InputFamily.Huge => "mag1e30",
        InputFamily.Zeros => "zeros",
        InputFamily.NonFinite => "nan-inf",
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, null),
    };
}
