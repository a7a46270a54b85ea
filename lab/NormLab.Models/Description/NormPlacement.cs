namespace NormLab.Models.Description;

/// <summary>Where a block's norms sit relative to its sublayers.</summary>
public enum NormPlacement
{
    /// <summary>x + F(N(x)).</summary>
    Pre,
    /// <summary>x + N_out(F(N_in(x))) (Peri-LN, Kim et al. 2025).</summary>
    Peri,
}
