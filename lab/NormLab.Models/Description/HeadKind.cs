namespace NormLab.Models.Description;

/// <summary>The output head after the final norm.</summary>
public enum HeadKind
{
    /// <summary>No head: the output is the final norm's output (e.g. a stage inside a larger model).</summary>
    None,
    /// <summary>Logits = z · Eᵀ with E the token embedding table.</summary>
    Tied,
    /// <summary>Logits = z · Wᵀ + b with its own head.weight (and optional head.bias).</summary>
    Untied,
}
