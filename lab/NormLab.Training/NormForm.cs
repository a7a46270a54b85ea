namespace NormLab.Training;

/// <summary>Norm type and placement of a block (SPEC "The variants", "Training").</summary>
public enum NormForm
{
    /// <summary>x + F(LN(x)), LN with gain and bias; final LN.</summary>
    PreLN,
    /// <summary>Pre-RMSNorm (gain and bias kept) with the recentering P in its forward: E·P, W_o·P, b_o·P.</summary>
    PreRmsP,
    /// <summary>Pre-RMSNorm without P: the writers recentered once at conversion, then trained as they are.</summary>
    PreRms,
    /// <summary>Pre-CRMSNorm: the stream in R^(d−1); writers (W·P minus their last column) and readers (gain, bias and the dropped row folded in) built from the Pre-LN parameters every step.</summary>
    PreCRms,
    /// <summary>x + LN_out(F(LN_in(x))) on both sublayers; final LN.</summary>
    PeriLN,
    /// <summary>Pre-LN with each block's LN output scaled by 1/sqrt(ℓ), ℓ the 1-based block index.</summary>
    PreLNScaled,
}

public static class NormForms
{
    public static string Label(this NormForm f) => f switch
    {
        NormForm.PreLN => "Pre-LN",
        NormForm.PreRmsP => "Pre-RMSNorm + P",
        NormForm.PreRms => "Pre-RMSNorm (no P)",
        NormForm.PreCRms => "Pre-CRMSNorm",
        NormForm.PeriLN => "Peri-LN",
        _ => "Pre-LN + LNS",
    };

    public static string Key(this NormForm f) => f switch
    {
        NormForm.PreLN => "pre-ln",
        NormForm.PreRmsP => "pre-rms-p",
        NormForm.PreRms => "pre-rms",
        NormForm.PreCRms => "pre-crms",
        NormForm.PeriLN => "peri-ln",
        _ => "pre-ln-lns",
    };
}

/// <summary>
/// A GPT-2-style decoder: byte vocabulary, learned positions, <paramref name="Layers"/> blocks of causal
/// multi-head attention and a GELU MLP (4·d), untied head (SPEC theorem 4: the Pre-RMSNorm/CRMSNorm
/// equivalence needs the recentered table apart from the head).
/// </summary>
public sealed record GptConfig(int Channels, int Layers, int Heads, int Context, NormForm Form, int Vocab = 256, double Eps = 1e-5)
{
    public int Stream => Form == NormForm.PreCRms ? Channels - 1 : Channels;
}
