using NormLab.Models.Description;

namespace NormLab.Models.Synthetic;

/// <summary>
/// Shape and seed of a GPT-2-style model with random weights. Defaults are GPT-2 small (12 layers,
/// d 768, 12 heads, MLP 3072) except the vocabulary: 8192 instead of 50257, because the tied
/// embedding/head is the one tensor that does not stream per layer (50257 × 768 float64 is 309 MB,
/// which would swamp the per-layer memory this model exists to measure); no theorem depends on it.
/// </summary>
public sealed record SyntheticGptOptions
{
    public int Layers { get; init; } = 12;
    public int Dim { get; init; } = 768;
    public int Heads { get; init; } = 12;
    public int Hidden { get; init; } = 3072;
    public int Vocab { get; init; } = 8192;
    public int MaxSeq { get; init; } = 64;
    public ulong Seed { get; init; } = 20240601;
    public NormType Norm { get; init; } = NormType.LayerNorm;
    public NormPlacement Placement { get; init; } = NormPlacement.Pre;
    public bool LayerScaling { get; init; }
    public MlpKind Mlp { get; init; } = MlpKind.GeluTanh;
    /// <summary>External: no token table, the caller supplies the entry rows (like a CNN stem's output).</summary>
    public StemKind Stem { get; init; } = StemKind.TokenEmbedding;
    /// <summary>Tied (GPT-2) needs the token stem; Untied gets its own seeded head; None ends at the final norm.</summary>
    public HeadKind Head { get; init; } = HeadKind.Tied;
}
