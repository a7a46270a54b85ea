using NormLab.Models.Description;

namespace NormLab.Models.Synthetic;

/// <summary>
/// A GPT-2-shaped model (token + learned positions, fused QKV with biases, GELU MLP, tied head by default)
/// whose weights are generated on demand, tensor by tensor, from the seed — memory does not grow
/// with depth. GPT-2's init (N(0, 0.02), writers scaled by 1/sqrt(2L)), plus non-trivial norm gains
/// (1 + N(0, 0.1)), biases and a per-row offset in the embeddings, so every conversion has work to do.
/// </summary>
public static class SyntheticGpt
{
    public static NeutralModel Create(SyntheticGptOptions o, string? name = null)
    {
        var c = new ModelConfig
        {
            Dim = o.Dim, Layers = o.Layers, Heads = o.Heads, KvHeads = o.Heads, HeadDim = o.Dim / o.Heads,
            Hidden = o.Hidden, Vocab = o.Vocab, MaxSeq = o.MaxSeq, LearnedPositions = true, FusedQkv = true,
            Causal = true, Mlp = o.Mlp, Norm = o.Norm, NormEps = 1e-5, Placement = o.Placement,
            LayerScaling = o.LayerScaling, Head = o.Head, Stem = o.Stem,
        };
        if (o.Dim % o.Heads != 0) throw new ArgumentException($"Dim {o.Dim} is not a multiple of Heads {o.Heads}.", nameof(o));
        c.Validate();
        var set = new LazyTensorSet();
        double writerStd = 0.02 / Math.Sqrt(2.0 * o.Layers);
        if (o.Stem == StemKind.TokenEmbedding) set.Set(TensorNames.TokenEmbedding, () => Embedding(o, TensorNames.TokenEmbedding, o.Vocab));
        set.Set(TensorNames.PositionEmbedding, () => Normal(o, TensorNames.PositionEmbedding, [o.MaxSeq, o.Dim], 0, 0.01));
        for (int l = 0; l < o.Layers; l++)
        {
            Norm(set, o, TensorNames.AttnNorm(l));
            Linear(set, o, TensorNames.FusedQkv(l), 3 * o.Dim, o.Dim, 0.02);
            Linear(set, o, TensorNames.AttnOut(l), o.Dim, o.Dim, writerStd);
            if (o.Placement == NormPlacement.Peri) Norm(set, o, TensorNames.AttnOutNorm(l));
            Norm(set, o, TensorNames.MlpNorm(l));
            if (o.Mlp == MlpKind.SwiGlu) Linear(set, o, TensorNames.Gate(l), o.Hidden, o.Dim, 0.02);
            Linear(set, o, TensorNames.Up(l), o.Hidden, o.Dim, 0.02);
            Linear(set, o, TensorNames.Down(l), o.Dim, o.Hidden, writerStd);
            if (o.Placement == NormPlacement.Peri) Norm(set, o, TensorNames.MlpOutNorm(l));
        }
        Norm(set, o, TensorNames.FinalNorm);
        if (o.Head == HeadKind.Untied) Linear(set, o, TensorNames.Head, o.Vocab, o.Dim, 0.02);
        return new NeutralModel(name ?? $"gpt2-synthetic-{o.Layers}", c, set);
    }

    private static void Norm(LazyTensorSet set, SyntheticGptOptions o, string site)
    {
        string g = TensorNames.Weight(site), b = TensorNames.Bias(site);
        set.Set(g, () => Normal(o, g, [o.Dim], 1, 0.1));
        if (o.Norm == NormType.LayerNorm) set.Set(b, () => Normal(o, b, [o.Dim], 0, 0.05));
    }

    private static void Linear(LazyTensorSet set, SyntheticGptOptions o, string module, int outDim, int inDim, double std)
    {
        string w = TensorNames.Weight(module), b = TensorNames.Bias(module);
        set.Set(w, () => Normal(o, w, [outDim, inDim], 0, std));
        set.Set(b, () => Normal(o, b, [outDim], 0, 0.02));
    }

    private static Tensor Embedding(SyntheticGptOptions o, string name, int rows)
    {
        var table = Normal(o, name, [rows, o.Dim], 0, 0.02);
        var offsets = new SeededNormal(o.Seed, name + ".offset").Fill(rows, 0, 0.02);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < o.Dim; j++) table.Data[r * o.Dim + j] += offsets[r];
        return table;
    }

    private static Tensor Normal(SyntheticGptOptions o, string name, int[] shape, double mean, double std) =>
        new(name, shape, new SeededNormal(o.Seed, name).Fill(shape.Aggregate(1, (a, s) => a * s), mean, std));
}
