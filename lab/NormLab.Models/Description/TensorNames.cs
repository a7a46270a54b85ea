namespace NormLab.Models.Description;

/// <summary>
/// The neutral model's tensor names. Every format maps onto these; conversions and the forward use
/// only these. Linear weights are [out, in]; norms are "{site}.weight" (gain) and "{site}.bias".
/// </summary>
public static class TensorNames
{
    public const string TokenEmbedding = "embed.tokens";
    public const string PositionEmbedding = "embed.positions";
    /// <summary>The patch stem's linear module (embed.patch.weight [d, PatchDim], embed.patch.bias).</summary>
    public const string PatchEmbedding = "embed.patch";
    /// <summary>The class token [d] prepended to the patch sequence.</summary>
    public const string ClassToken = "embed.cls";
    public const string FinalNorm = "final_norm";
    public const string Head = "head";

    public static string Block(int layer) => $"blocks.{layer}";
    public static string AttnNorm(int layer) => $"blocks.{layer}.attn_norm";
    public static string AttnOutNorm(int layer) => $"blocks.{layer}.attn_out_norm";
    public static string MlpNorm(int layer) => $"blocks.{layer}.mlp_norm";
    public static string MlpOutNorm(int layer) => $"blocks.{layer}.mlp_out_norm";
    public static string Query(int layer) => $"blocks.{layer}.attn.q";
    public static string Key(int layer) => $"blocks.{layer}.attn.k";
    public static string Value(int layer) => $"blocks.{layer}.attn.v";
    public static string FusedQkv(int layer) => $"blocks.{layer}.attn.qkv";
    public static string AttnOut(int layer) => $"blocks.{layer}.attn.o";
    public static string Up(int layer) => $"blocks.{layer}.mlp.up";
    public static string Gate(int layer) => $"blocks.{layer}.mlp.gate";
    public static string Down(int layer) => $"blocks.{layer}.mlp.down";

    /// <summary>A norm's gain or bias ("…_norm.weight" / "…_norm.bias").</summary>
    public static bool IsNormParameter(string name) =>
        name.EndsWith("_norm.weight", StringComparison.Ordinal) || name.EndsWith("_norm.bias", StringComparison.Ordinal);

    /// <summary>A linear module's weight ([out, in]): attention, MLP, head, patch projection — what a mapping's "linearWeights": "in_out" transposes.</summary>
    public static bool IsLinearWeight(string name) =>
        name.EndsWith(".weight", StringComparison.Ordinal) && !IsNormParameter(name)
        && (name.Contains(".attn.", StringComparison.Ordinal) || name.Contains(".mlp.", StringComparison.Ordinal)
            || name == Weight(Head) || name == Weight(PatchEmbedding));

    public static string Weight(string module) => module + ".weight";
    public static string Bias(string module) => module + ".bias";

    /// <summary>The linear modules that read block <paramref name="layer"/>'s attention-input norm.</summary>
    public static IEnumerable<string> AttnReaders(ModelConfig c, int layer) =>
        c.FusedQkv ? [FusedQkv(layer)] : [Query(layer), Key(layer), Value(layer)];

    /// <summary>The linear modules that read block <paramref name="layer"/>'s MLP-input norm.</summary>
    public static IEnumerable<string> MlpReaders(ModelConfig c, int layer) =>
        c.Mlp == MlpKind.SwiGlu ? [Gate(layer), Up(layer)] : [Up(layer)];

    /// <summary>The linear modules that write into the main branch (their outputs are added to it).</summary>
    public static IEnumerable<string> Writers(int layer) => [AttnOut(layer), Down(layer)];
}
