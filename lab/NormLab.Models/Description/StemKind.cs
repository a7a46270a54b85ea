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
    /// <summary>
    /// A linear patch embedding (ViT): the input is a sequence of flattened patches (rows × PatchDim),
    /// each projected by embed.patch (weight [d, PatchDim], bias [d]); a class token embed.cls [d]
    /// may be prepended. Linear, so recentering is exact in its weights (SPEC 1).
    /// </summary>
    Patches,
}
