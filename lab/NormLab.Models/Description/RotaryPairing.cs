namespace NormLab.Models.Description;

/// <summary>Which elements of a head rotate together under rotary positions.</summary>
public enum RotaryPairing
{
    /// <summary>(2i, 2i+1): llama2.c's run.c and Meta's original Llama.</summary>
    Interleaved,
    /// <summary>(i, i + hd/2): Hugging Face Llama's rotate_half (its q/k weights are permuted to match).</summary>
    HalfSplit,
}

/// <summary>Rotary position embedding: angle pos · theta^(−2i/hd) for pair i of each head.</summary>
public sealed record RotarySpec(double Theta, RotaryPairing Pairing);
