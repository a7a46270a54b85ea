namespace NormLab.Models.Description;

/// <summary>The MLP's non-linearity: a plain up → act → down, or the gated SwiGLU (silu(gate) ⊙ up → down).</summary>
public enum MlpKind
{
    GeluTanh,
    GeluErf,
    Silu,
    Relu,
    SwiGlu,
}
