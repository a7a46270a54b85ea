using NormLab.Errors;
using System.Text.Json;
using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Safetensors;
using NormLab.Models.Forward;
using Xunit;

namespace NormLab.Models.Tests;

/// <summary>
/// Each Hugging Face layout is tested by writing a model the lab already runs under that layout's
/// names and conventions (Conv1D transposes, rotate_half's q/k permutation) and loading it back.
/// </summary>
public sealed class HuggingFaceLayoutTests : IDisposable
{
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Gpt2_layout_loads_to_the_same_function()
    {
        var model = TestModels.SmallGpt();
        var c = model.Config;
        var hf = new LazyTensorSet();
        void Put(string hfName, string neutral, bool transpose = false) =>
            hf.Set(hfName, () => transpose ? Transposed(model.Weights.Load(neutral)) : model.Weights.Load(neutral));
        Put("transformer.wte.weight", TensorNames.TokenEmbedding);
        Put("transformer.wpe.weight", TensorNames.PositionEmbedding);
        for (int l = 0; l < c.Layers; l++)
        {
            string h = $"transformer.h.{l}.";
            foreach (var (hfModule, neutral, linear) in new[]
            {
                ("ln_1", TensorNames.AttnNorm(l), false), ("attn.c_attn", TensorNames.FusedQkv(l), true), ("attn.c_proj", TensorNames.AttnOut(l), true),
                ("ln_2", TensorNames.MlpNorm(l), false), ("mlp.c_fc", TensorNames.Up(l), true), ("mlp.c_proj", TensorNames.Down(l), true),
            })
            {
                Put(h + hfModule + ".weight", TensorNames.Weight(neutral), linear);
                Put(h + hfModule + ".bias", TensorNames.Bias(neutral));
            }
        }
        Put("transformer.ln_f.weight", TensorNames.Weight(TensorNames.FinalNorm));
        Put("transformer.ln_f.bias", TensorNames.Bias(TensorNames.FinalNorm));
        string path = Write("gpt2", hf, new
        {
            n_embd = c.Dim, n_layer = c.Layers, n_head = c.Heads, n_positions = c.MaxSeq, vocab_size = c.Vocab,
            n_inner = c.Hidden, layer_norm_epsilon = c.NormEps, activation_function = "gelu_new"
        });
        var loaded = SafetensorsModels.Load(path);
        Assert.Equal(c with { }, loaded.Config with { });
        var input = ForwardInput.FromTokens(TestModels.SmallTokens);
        Assert.Equal(ModelForward.Float64(model).Run(input).Output, ModelForward.Float64(loaded).Run(input).Output);
    }

    [Fact]
    public void Llama_layout_with_rotate_half_permutation_loads_stories260K_to_the_same_logits()
    {
        var model = TestModels.Stories260K();
        var c = model.Config;
        var hf = new LazyTensorSet();
        void Put(string hfName, string neutral, int permuteHeads = 0) =>
            hf.Set(hfName, () => permuteHeads == 0 ? model.Weights.Load(neutral) : ToHalfSplit(model.Weights.Load(neutral), permuteHeads, c.HeadDim));
        Put("model.embed_tokens.weight", TensorNames.TokenEmbedding);
        for (int l = 0; l < c.Layers; l++)
        {
            string h = $"model.layers.{l}.";
            Put(h + "input_layernorm.weight", TensorNames.Weight(TensorNames.AttnNorm(l)));
            Put(h + "self_attn.q_proj.weight", TensorNames.Weight(TensorNames.Query(l)), c.Heads);
            Put(h + "self_attn.k_proj.weight", TensorNames.Weight(TensorNames.Key(l)), c.KvHeads);
            Put(h + "self_attn.v_proj.weight", TensorNames.Weight(TensorNames.Value(l)));
            Put(h + "self_attn.o_proj.weight", TensorNames.Weight(TensorNames.AttnOut(l)));
            Put(h + "post_attention_layernorm.weight", TensorNames.Weight(TensorNames.MlpNorm(l)));
            Put(h + "mlp.gate_proj.weight", TensorNames.Weight(TensorNames.Gate(l)));
            Put(h + "mlp.up_proj.weight", TensorNames.Weight(TensorNames.Up(l)));
            Put(h + "mlp.down_proj.weight", TensorNames.Weight(TensorNames.Down(l)));
        }
        Put("model.norm.weight", TensorNames.Weight(TensorNames.FinalNorm));
        string path = Write("llama", hf, new
        {
            hidden_size = c.Dim, num_hidden_layers = c.Layers, num_attention_heads = c.Heads,
            num_key_value_heads = c.KvHeads, intermediate_size = c.Hidden, vocab_size = c.Vocab, max_position_embeddings = c.MaxSeq,
            rms_norm_eps = 1e-5, rope_theta = 10000.0
        });
        var loaded = SafetensorsModels.Load(path);
        Assert.Equal(RotaryPairing.HalfSplit, loaded.Config.Rotary!.Pairing);
        var input = ForwardInput.FromTokens(TestModels.Tokens);
        var expected = ModelForward.Float64(model).Run(input).Output;
        var actual = ModelForward.Float64(loaded).Run(input).Output;
        var m = OutputErrors.Compare(actual, expected, c.Vocab, logits: true);
        Assert.True(m.MaxRelErr < 1e-12, $"rel err {m.MaxRelErr:E2}");
    }

    [Fact]
    public void A_checkpoint_of_no_known_layout_or_without_config_is_refused_clearly()
    {
        var set = new LazyTensorSet().Set("encoder.weird.weight", () => new Tensor("encoder.weird.weight", [2], [1, 2]));
        string unknown = Path.Combine(_files.Folder, "unknown.safetensors");
        SafetensorsWriter.Write(unknown, set, StorageType.F32, new Dictionary<string, string>());
        Assert.Contains("recognised", Assert.Throws<InvalidDataException>(() => SafetensorsModels.Load(unknown)).Message);
        var gpt = new LazyTensorSet().Set("wte.weight", () => new Tensor("wte.weight", [2], [1, 2]));
        string noConfig = Path.Combine(Directory.CreateDirectory(Path.Combine(_files.Folder, "noconfig")).FullName, "model.safetensors");
        SafetensorsWriter.Write(noConfig, gpt, StorageType.F32, new Dictionary<string, string>());
        Assert.Contains("config.json", Assert.Throws<FileNotFoundException>(() => SafetensorsModels.Load(noConfig)).Message);
    }

    /// <summary>HF's conversion script permutes q/k rows per head so that rotate_half pairs (i, i + hd/2) are llama2.c's (2i, 2i+1).</summary>
    private static Tensor ToHalfSplit(Tensor w, int heads, int headDim)
    {
        int cols = w.Columns, half = headDim / 2;
        var data = new double[w.Data.Length];
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < headDim; j++)
            {
                int source = h * headDim + (j < half ? 2 * j : 2 * (j - half) + 1);
                Array.Copy(w.Data, source * cols, data, (h * headDim + j) * cols, cols);
            }
        return new Tensor(w.Name, w.Shape, data);
    }

    private static Tensor Transposed(Tensor t)
    {
        int rows = t.Rows, cols = t.Columns;
        var data = new double[t.Data.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) data[c * rows + r] = t.Data[r * cols + c];
        return new Tensor(t.Name, [cols, rows], data);
    }

    private string Write(string folder, ITensorSource tensors, object config)
    {
        string dir = Directory.CreateDirectory(Path.Combine(_files.Folder, folder)).FullName;
        File.WriteAllText(Path.Combine(dir, "config.json"), JsonSerializer.Serialize(config));
        string path = Path.Combine(dir, "model.safetensors");
        SafetensorsWriter.Write(path, tensors, StorageType.F64, new Dictionary<string, string>());
        return path;
    }
}
