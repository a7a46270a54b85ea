namespace NormLab.Models.Description;

/// <summary>Which normalization a model's norms compute (SPEC "The variants").</summary>
public enum NormType
{
    /// <summary>No norm: the reader sees the stream as is.</summary>
    None,
    LayerNorm,
    RmsNorm,
    /// <summary>CRMSNorm on a compressed (d − 1) stream; only after the Pre-CRMSNorm conversion.</summary>
    CRmsNorm,
}
