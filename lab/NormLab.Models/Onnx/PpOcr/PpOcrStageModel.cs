using NormLab.Models.Conversions;
using NormLab.Models.Description;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// The SVTR stage as a neutral model: an external stem (the CNN, run in ORT), Pre-LN blocks of
/// (attention with fused qkv, non-causal; swish MLP), the final norm, and as head the final norm's
/// reader (the 1×1 Conv, untied, Cout outputs). Converted forms take their weights from
/// <see cref="PreLnWeights.Convert"/> in float64, unrounded — what the ONNX writer rounds once.
/// </summary>
public static class PpOcrStageModel
{
    public static NeutralModel Original(PpOcrModel m, string name = "ppocrv4") => Build(name, m, m.Weights, NormType.LayerNorm);

    public static NeutralModel Converted(PpOcrModel m, OnnxStageTarget target, string name = "ppocrv4") =>
        Converted(m, m.Weights.Convert(target), target, name);

    public static NeutralModel Converted(PpOcrModel m, PreLnWeights converted, OnnxStageTarget target, string name = "ppocrv4") =>
        Build(name, m, converted, target == OnnxStageTarget.PreCRmsNorm ? NormType.CRmsNorm : NormType.RmsNorm);

    private static NeutralModel Build(string name, PpOcrModel m, PreLnWeights w, NormType norm)
    {
        double eps = w.Sublayers[0].Norm.Epsilon;
        if (w.Sublayers.Any(s => s.Norm.Epsilon != eps))
            throw new InvalidDataException($"{name}: block norms use different epsilons; the neutral model has one per block norm");
        bool converted = norm != NormType.LayerNorm;
        var head = w.FinalReaders[0];
        var config = new ModelConfig
        {
            Dim = w.Width, Layers = w.Sublayers.Count / 2, Heads = m.Attention.Heads, KvHeads = m.Attention.Heads, HeadDim = m.Attention.HeadDim,
            Hidden = w.Sublayers[1].Readers[0].Out, Vocab = head.Out, MaxSeq = ModelLimits.MaxSeq,
            Stem = StemKind.External, FusedQkv = true, Causal = false, Mlp = MlpKind.Silu, Head = HeadKind.Untied,
            Norm = norm, NormEps = eps, FinalNormEps = w.FinalNorm.Epsilon,
            ZeroMeanStream = converted, CenterEntry = converted, CompressedStream = norm == NormType.CRmsNorm,
        };
        config.Validate();
        var set = new LazyTensorSet();
        for (int i = 0; i < config.Layers; i++)
        {
            var (attention, mlp) = (w.Sublayers[2 * i], w.Sublayers[2 * i + 1]);
            AddNorm(set, TensorNames.AttnNorm(i), attention.Norm);
            AddDense(set, TensorNames.FusedQkv(i), attention.Readers[0]);
            AddDense(set, TensorNames.AttnOut(i), attention.Writer);
            AddNorm(set, TensorNames.MlpNorm(i), mlp.Norm);
            AddDense(set, TensorNames.Up(i), mlp.Readers[0]);
            AddDense(set, TensorNames.Down(i), mlp.Writer);
        }
        AddNorm(set, TensorNames.FinalNorm, w.FinalNorm);
        AddDense(set, TensorNames.Head, head);
        return new NeutralModel(name, config, set);
    }

    private static void AddNorm(LazyTensorSet set, string site, NormParameters n)
    {
        if (n.Gain is { } g) set.Set(TensorNames.Weight(site), () => new Tensor(TensorNames.Weight(site), [g.Length], (double[])g.Clone()));
        if (n.Bias is { } b) set.Set(TensorNames.Bias(site), () => new Tensor(TensorNames.Bias(site), [b.Length], (double[])b.Clone()));
    }

    /// <summary>Neutral linear weights are [out, in], as <see cref="DenseWeights"/> holds them.</summary>
    private static void AddDense(LazyTensorSet set, string module, DenseWeights d)
    {
        string w = TensorNames.Weight(module), b = TensorNames.Bias(module);
        set.Set(w, () => WeightAlgebra.Renamed(d.W, w));
        set.Set(b, () => new Tensor(b, [d.Out], (double[])d.Bias.Clone()));
    }
}
