namespace NormLab.Models.Description;

/// <summary>What puts the first rows on the main branch.</summary>
public enum StemKind
{
    /// <summary>Token embedding table (+ learned positions when the model has them).</summary>
    TokenEmbedding,
    /// <summary>
    /// The caller supplies the entry sequence (T × d): a stem the lab does not run, e.g. PP-OCRv4's CNN.
    /// Conversions cannot recenter it in weights, so they subtract its mean explicitly at the entry.
    /// </summary>
    External,
}
