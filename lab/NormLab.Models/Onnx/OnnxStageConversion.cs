namespace NormLab.Models.Onnx;

/// <summary>The two exact rewrites of a Pre-LN transformer graph (SPEC points 1–3).</summary>
public enum OnnxStageTarget
{
    /// <summary>Zero-mean main branch, parameter-free RMSNorm, g and b folded into the readers.</summary>
    PreRmsNorm,

    /// <summary>As <see cref="PreRmsNorm"/>, with the main branch stored in R^(d−1) and CRMSNorm.</summary>
    PreCRmsNorm,
}
