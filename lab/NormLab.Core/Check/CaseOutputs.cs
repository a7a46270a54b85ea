namespace NormLab.Check;

/// <summary>The outputs a variant produces, in the order backends and the reference return them.</summary>
public static class CaseOutputs
{
    public static IReadOnlyList<string> Names(NormVariant v) => v switch
    {
        NormVariant.PeriNormResidual => ["h"],
        NormVariant.PreNormResidual => ["h", "output"],
        NormVariant.FlashNormRms or NormVariant.FlashNormLayerNorm => ["output"],
        NormVariant.LayerNormBackward or NormVariant.RmsNormBackward or NormVariant.CRmsNormBackward => ["dx", "dgain", "dbias"],
        _ => ["y"],
    };
}
