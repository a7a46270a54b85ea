using NormLab.Models.Description;
using static NormLab.Models.Formats.HuggingFace.HfLayout;

namespace NormLab.Models.Formats.HuggingFace;

/// <summary>
/// GPT-2 (GPT2Model / GPT2LMHeadModel): wte, wpe, h.{i}.ln_1, attn.c_attn (fused QKV, Conv1D
/// [in, out]), attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj, ln_f; head tied to wte. Optional
/// "transformer." prefix.
/// </summary>
public static class Gpt2Layout
{
    public static HfLayout? Detect(Func<string, bool> exists, Func<HfConfig> config)
    {
        string p = exists("transformer.wte.weight") ? "transformer." : exists("wte.weight") ? "" : "-";
        if (p == "-") return null;
        var c = config();
        int d = c.Int("n_embd"), layers = c.Int("n_layer"), heads = c.Positive("n_head");
        string act = c.String("activation_function") ?? "gelu_new";
        var model = c.Checked(new ModelConfig
        {
            Dim = d, Layers = layers, Heads = heads, KvHeads = heads, HeadDim = d / heads, Hidden = c.Int("n_inner", 4 * d),
            Vocab = c.Int("vocab_size"), MaxSeq = c.Int("n_positions"), LearnedPositions = true, FusedQkv = true, Causal = true,
            Mlp = act is "gelu" ? MlpKind.GeluErf : MlpKind.GeluTanh, Norm = NormType.LayerNorm, NormEps = c.Double("layer_norm_epsilon", 1e-5),
            Head = exists("lm_head.weight") && !c.Bool("tie_word_embeddings", true) ? HeadKind.Untied : HeadKind.Tied,
        });
        var t = new List<HfTensor>
        {
            new(TensorNames.TokenEmbedding, p + "wte.weight", HfTransform.None),
            new(TensorNames.PositionEmbedding, p + "wpe.weight", HfTransform.None),
        };
        for (int l = 0; l < layers; l++)
        {
            string h = $"{p}h.{l}.";
            t.AddRange(Norm(exists, TensorNames.AttnNorm(l), h + "ln_1"));
            t.AddRange(Linear(exists, TensorNames.FusedQkv(l), h + "attn.c_attn", HfTransform.Transpose));
            t.AddRange(Linear(exists, TensorNames.AttnOut(l), h + "attn.c_proj", HfTransform.Transpose));
            t.AddRange(Norm(exists, TensorNames.MlpNorm(l), h + "ln_2"));
            t.AddRange(Linear(exists, TensorNames.Up(l), h + "mlp.c_fc", HfTransform.Transpose));
            t.AddRange(Linear(exists, TensorNames.Down(l), h + "mlp.c_proj", HfTransform.Transpose));
        }
        t.AddRange(Norm(exists, TensorNames.FinalNorm, p + "ln_f"));
        if (model.Head == HeadKind.Untied) t.Add(new(TensorNames.Weight(TensorNames.Head), "lm_head.weight", HfTransform.None));
        return new HfLayout("gpt2", model, t);
    }
}
