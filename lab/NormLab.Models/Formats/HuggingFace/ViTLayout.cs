using NormLab.Models.Description;
using static NormLab.Models.Formats.HuggingFace.HfLayout;

namespace NormLab.Models.Formats.HuggingFace;

/// <summary>
/// ViT (ViTModel / ViTForImageClassification), encoder and head. The patch stem is a convolution the
/// lab does not run: the entry sequence is supplied (class token then patch projections, d wide) and
/// the learned position table [1, N+1, d] is the neutral position table. LN eps from config, erf
/// GELU, bidirectional attention; classifier applied to every row (row 0 is the class token).
/// </summary>
public static class ViTLayout
{
    public static HfLayout? Detect(Func<string, bool> exists, Func<HfConfig> config)
    {
        string p = exists("vit.embeddings.position_embeddings") ? "vit." : exists("embeddings.position_embeddings") ? "" : "-";
        if (p == "-") return null;
        var c = config();
        int d = c.Int("hidden_size"), layers = c.Int("num_hidden_layers"), heads = c.Positive("num_attention_heads");
        int patches = c.Int("image_size", 224) / c.Positive("patch_size", 16);
        bool classifier = exists("classifier.weight");
        var model = c.Checked(new ModelConfig
        {
            Dim = d, Layers = layers, Heads = heads, KvHeads = heads, HeadDim = d / heads, Hidden = c.Int("intermediate_size"),
            Vocab = classifier ? c.Count("id2label") ?? c.Int("num_labels") : 0, MaxSeq = (int)Math.Min((long)patches * patches + 1, int.MaxValue),
            Stem = StemKind.External, LearnedPositions = true, Causal = false,
            Mlp = (c.String("hidden_act") ?? "gelu") == "gelu" ? MlpKind.GeluErf : MlpKind.GeluTanh,
            Norm = NormType.LayerNorm, NormEps = c.Double("layer_norm_eps", 1e-12),
            Head = classifier ? HeadKind.Untied : HeadKind.None,
        });
        var t = new List<HfTensor> { new(TensorNames.PositionEmbedding, p + "embeddings.position_embeddings", HfTransform.Squeeze) };
        for (int l = 0; l < layers; l++)
        {
            string h = $"{p}encoder.layer.{l}.";
            t.AddRange(Norm(exists, TensorNames.AttnNorm(l), h + "layernorm_before"));
            t.AddRange(Linear(exists, TensorNames.Query(l), h + "attention.attention.query"));
            t.AddRange(Linear(exists, TensorNames.Key(l), h + "attention.attention.key"));
            t.AddRange(Linear(exists, TensorNames.Value(l), h + "attention.attention.value"));
            t.AddRange(Linear(exists, TensorNames.AttnOut(l), h + "attention.output.dense"));
            t.AddRange(Norm(exists, TensorNames.MlpNorm(l), h + "layernorm_after"));
            t.AddRange(Linear(exists, TensorNames.Up(l), h + "intermediate.dense"));
            t.AddRange(Linear(exists, TensorNames.Down(l), h + "output.dense"));
        }
        t.AddRange(Norm(exists, TensorNames.FinalNorm, p + "layernorm"));
        if (classifier) t.AddRange(Linear(exists, TensorNames.Head, "classifier"));
        return new HfLayout("vit", model, t);
    }
}
