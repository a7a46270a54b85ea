using NormLab.Models.Description;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// The recognised SVTR stage as a neutral model: an external stem (the CNN, run in ORT), two
/// Pre-LN blocks with fused qkv, non-causal attention and a swish MLP, the final norm, and as head
/// the final norm's reader (the 1×1 Conv, untied, Cout outputs). Converted forms take their
/// weights from <see cref="SvtrStageWeights.Convert"/> in float64, unrounded.
/// </summary>
public static class PpOcrStageModel
{
    public static NeutralModel Original(SvtrStage stage, SvtrStageWeights weights, string name = "ppocrv4") =>
        Build(name, stage, weights, NormType.LayerNorm);

    public static NeutralModel Converted(SvtrStage stage, SvtrStageWeights original, OnnxStageTarget target, string name = "ppocrv4") =>
        Build(name, stage, original.Convert(target), target == OnnxStageTarget.PreCRmsNorm ? NormType.CRmsNorm : NormType.RmsNorm);

    private static NeutralModel Build(string name, SvtrStage stage, SvtrStageWeights w, NormType norm)
    {
        var first = stage.Blocks[0];
        double eps = w.Blocks[0].AttentionNorm.Epsilon;
        if (w.Blocks.Any(b => b.AttentionNorm.Epsilon != eps || b.MlpNorm.Epsilon != eps))
            throw new InvalidDataException($"{name}: block norms use different epsilons; the neutral model has one per block norm");
        bool converted = norm != NormType.LayerNorm;
        var config = new ModelConfig
        {
            Dim = stage.Width, Layers = stage.Blocks.Count, Heads = first.Heads, KvHeads = first.Heads, HeadDim = first.HeadDim,
            Hidden = w.Blocks[0].MlpUp.Out, Vocab = w.Head.Out, MaxSeq = int.MaxValue,
            Stem = StemKind.External, FusedQkv = true, Causal = false, Mlp = MlpKind.Silu, Head = HeadKind.Untied,
            Norm = norm, NormEps = eps, FinalNormEps = w.FinalNorm.Epsilon,
            ZeroMeanStream = converted, CenterEntry = converted, CompressedStream = norm == NormType.CRmsNorm,
        };
        config.Validate();
        var set = new LazyTensorSet();
        for (int i = 0; i < w.Blocks.Count; i++)
        {
            var b = w.Blocks[i];
            AddNorm(set, TensorNames.AttnNorm(i), b.AttentionNorm);
            AddDense(set, TensorNames.FusedQkv(i), b.Qkv);
            AddDense(set, TensorNames.AttnOut(i), b.AttentionOut);
            AddNorm(set, TensorNames.MlpNorm(i), b.MlpNorm);
            AddDense(set, TensorNames.Up(i), b.MlpUp);
            AddDense(set, TensorNames.Down(i), b.MlpDown);
        }
        AddNorm(set, TensorNames.FinalNorm, w.FinalNorm);
        AddDense(set, TensorNames.Head, w.Head);
        return new NeutralModel(name, config, set);
    }

    private static void AddNorm(LazyTensorSet set, string site, NormParameters n)
    {
        if (n.Gain is { } g) set.Set(TensorNames.Weight(site), () => new Tensor(TensorNames.Weight(site), [g.Length], (double[])g.Clone()));
        if (n.Bias is { } b) set.Set(TensorNames.Bias(site), () => new Tensor(TensorNames.Bias(site), [b.Length], (double[])b.Clone()));
    }

    /// <summary>Neutral linear weights are [out, in]; the graph's MatMul weights are [in, out].</summary>
    private static void AddDense(LazyTensorSet set, string module, DenseWeights d)
    {
        string w = TensorNames.Weight(module), b = TensorNames.Bias(module);
        set.Set(w, () => new Tensor(w, [d.Out, d.In], StageFolding.Transpose(d.W, d.In, d.Out)));
        set.Set(b, () => new Tensor(b, [d.Out], (double[])d.Bias.Clone()));
    }
}
