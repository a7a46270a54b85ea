using NormLab.Models.Description;

namespace NormLab.Models.Depth;

/// <summary>The three block stacks the depth study compares.</summary>
public enum DepthVariant
{
    /// <summary>x + F(LN(x)).</summary>
    PreLn,
    /// <summary>x + LN_out(F(LN_in(x))), final LN (Kim et al. 2025).</summary>
    PeriLn,
    /// <summary>x + F(LN(x)/sqrt(ℓ)): Pre-LN with LayerNorm Scaling (Sun et al. 2025).</summary>
    PreLnScaled,
}

public static class DepthVariants
{
    public static readonly DepthVariant[] All = [DepthVariant.PreLn, DepthVariant.PeriLn, DepthVariant.PreLnScaled];

    /// <summary>The label the JSON rows, tables and figures use.</summary>
    public static string Label(this DepthVariant v) => v switch
    {
        DepthVariant.PreLn => "pre-ln",
        DepthVariant.PeriLn => "peri-ln",
        _ => "pre-ln+lns",
    };

    /// <summary>The label of a real model's own norm arrangement (e.g. "pre-rmsnorm", "peri-layernorm+lns").</summary>
    public static string Label(ModelConfig c) =>
        $"{(c.Placement == NormPlacement.Peri ? "peri" : "pre")}-{c.Norm.ToString().ToLowerInvariant()}{(c.LayerScaling ? "+lns" : "")}";

    public static NormPlacement Placement(this DepthVariant v) => v == DepthVariant.PeriLn ? NormPlacement.Peri : NormPlacement.Pre;

    public static bool LayerScaling(this DepthVariant v) => v == DepthVariant.PreLnScaled;
}
