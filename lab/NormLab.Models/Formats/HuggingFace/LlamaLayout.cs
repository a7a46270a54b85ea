using NormLab.Models.Description;
using static NormLab.Models.Formats.HuggingFace.HfLayout;

namespace NormLab.Models.Formats.HuggingFace;

/// <summary>
/// Llama (LlamaForCausalLM): model.embed_tokens, model.layers.{i}.input_layernorm, self_attn.{q,k,v,o}_proj,
/// post_attention_layernorm, mlp.{gate,up,down}_proj, model.norm, lm_head (absent when tied).
/// nn.Linear weights are already [out, in]; rotary is rotate_half (HF permutes q/k rows to match).
/// </summary>
public static class LlamaLayout
{
    public static HfLayout? Detect(Func<string, bool> exists, Func<HfConfig> config)
    {
        if (!exists("model.embed_tokens.weight") || !exists("model.layers.0.self_attn.q_proj.weight")) return null;
        var c = config();
        int d = c.Int("hidden_size"), layers = c.Int("num_hidden_layers"), heads = c.Positive("num_attention_heads");
        bool tied = !exists("lm_head.weight");
        var model = c.Checked(new ModelConfig
        {
            Dim = d, Layers = layers, Heads = heads, KvHeads = c.Int("num_key_value_heads", heads), HeadDim = c.Int("head_dim", d / heads),
            Hidden = c.Int("intermediate_size"), Vocab = c.Int("vocab_size"), MaxSeq = c.Int("max_position_embeddings"),
            Rotary = new RotarySpec(c.Double("rope_theta", 10000), RotaryPairing.HalfSplit), Causal = true,
            Mlp = MlpKind.SwiGlu, Norm = NormType.RmsNorm, NormEps = c.Double("rms_norm_eps", 1e-6),
            Head = tied ? HeadKind.Tied : HeadKind.Untied,
        });
        var t = new List<HfTensor> { new(TensorNames.TokenEmbedding, "model.embed_tokens.weight", HfTransform.None) };
        for (int l = 0; l < layers; l++)
        {
            string h = $"model.layers.{l}.";
            t.AddRange(Norm(exists, TensorNames.AttnNorm(l), h + "input_layernorm"));
            t.AddRange(Linear(exists, TensorNames.Query(l), h + "self_attn.q_proj"));
            t.AddRange(Linear(exists, TensorNames.Key(l), h + "self_attn.k_proj"));
            t.AddRange(Linear(exists, TensorNames.Value(l), h + "self_attn.v_proj"));
            t.AddRange(Linear(exists, TensorNames.AttnOut(l), h + "self_attn.o_proj"));
            t.AddRange(Norm(exists, TensorNames.MlpNorm(l), h + "post_attention_layernorm"));
            t.AddRange(Linear(exists, TensorNames.Gate(l), h + "mlp.gate_proj"));
            t.AddRange(Linear(exists, TensorNames.Up(l), h + "mlp.up_proj"));
            t.AddRange(Linear(exists, TensorNames.Down(l), h + "mlp.down_proj"));
        }
        t.AddRange(Norm(exists, TensorNames.FinalNorm, "model.norm"));
        if (!tied) t.Add(new(TensorNames.Weight(TensorNames.Head), "lm_head.weight", HfTransform.None));
        return new HfLayout("llama", model, t);
    }
}
