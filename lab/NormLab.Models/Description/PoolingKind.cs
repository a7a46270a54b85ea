namespace NormLab.Models.Description;

/// <summary>Which rows of the final stream the final norm and the head see.</summary>
public enum PoolingKind
{
    /// <summary>Every position (a language model's logits per token).</summary>
    None,
    /// <summary>Row 0 only, the class token (ViT classification).</summary>
    ClassToken,
}
