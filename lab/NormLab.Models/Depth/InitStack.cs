using NormLab.Models.Description;
using NormLab.Models.Synthetic;

namespace NormLab.Models.Depth;

/// <summary>
/// The depth study's model: a GPT-2-style block stack (token + learned positions, fused QKV, GELU MLP
/// of 4d, LayerNorm) at initialization. Standard init: every matrix and the token table N(0, 0.02²),
/// positions N(0, 0.01²) (GPT-2), biases 0 and norm gains 1 — given by leaving those tensors out.
/// Unlike <see cref="SyntheticGpt"/> the writers are NOT scaled by 1/sqrt(2L): the Curse-of-Depth
/// analysis (and LayerNorm Scaling, which its authors run without scaled init) assume the plain init.
/// No head: the study looks at the residual stream only.
/// </summary>
public static class InitStack
{
    public static NeutralModel Create(DepthVariant variant, int layers, ulong seed, DepthStudyOptions o)
    {
        if (o.Dim % o.Heads != 0) throw new ArgumentException($"Dim {o.Dim} is not a multiple of Heads {o.Heads}.", nameof(o));
        var c = new ModelConfig
        {
            Dim = o.Dim, Layers = layers, Heads = o.Heads, KvHeads = o.Heads, HeadDim = o.Dim / o.Heads, Hidden = o.Hidden,
            Vocab = o.Vocab, MaxSeq = o.Tokens, LearnedPositions = true, FusedQkv = true, Causal = true, Mlp = MlpKind.GeluTanh,
            Norm = NormType.LayerNorm, NormEps = 1e-5, Placement = variant.Placement(), LayerScaling = variant.LayerScaling(),
            Head = HeadKind.None,
        };
        c.Validate();
        var set = new LazyTensorSet();
        Matrix(set, seed, TensorNames.TokenEmbedding, o.Vocab, o.Dim, o.InitStd);
        Matrix(set, seed, TensorNames.PositionEmbedding, o.Tokens, o.Dim, 0.01);
        for (int l = 0; l < layers; l++)
        {
            Matrix(set, seed, TensorNames.Weight(TensorNames.FusedQkv(l)), 3 * o.Dim, o.Dim, o.InitStd);
            Matrix(set, seed, TensorNames.Weight(TensorNames.AttnOut(l)), o.Dim, o.Dim, o.InitStd);
            Matrix(set, seed, TensorNames.Weight(TensorNames.Up(l)), o.Hidden, o.Dim, o.InitStd);
            Matrix(set, seed, TensorNames.Weight(TensorNames.Down(l)), o.Dim, o.Hidden, o.InitStd);
        }
        return new NeutralModel($"init-{variant.Label()}-L{layers}-d{o.Dim}-s{seed}", c, set);
    }

    private static void Matrix(LazyTensorSet set, ulong seed, string name, int rows, int cols, double std) =>
        set.Set(name, () => new Tensor(name, [rows, cols], new SeededNormal(seed, name).Fill(rows * cols, 0, std)));
}
