using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// SPEC 2: on a zero-mean stream LN(x) = g ⊙ RMSNorm_nogain(x) + b; fold g and b into every linear
/// layer that reads the norm (W ← W·diag g, bias ← W·b + bias), leaving parameter-free RMSNorm. On an
/// RMSNorm model the same fold removes its gains (the "RMSNorm-only" form). Readers: Q/K/V (or fused
/// QKV), the MLP's up (and gate), the head (untied first). Without a head the final norm keeps its
/// g and b, as RMSNorm with gain and bias, which equals the LN on a zero-mean stream.
/// </summary>
public sealed class FoldNormsIntoReaders : IModelConversion
{
    public string Name => "pre-rmsnorm";

    public string? WhyNot(ModelConfig c) =>
        c.Norm == NormType.LayerNorm && !c.ZeroMeanStream ? "LN equals RMSNorm only on a zero-mean stream: recenter first"
        : c.Norm is not (NormType.LayerNorm or NormType.RmsNorm) ? $"the model's norm is {c.Norm}"
        : c.Placement != NormPlacement.Pre ? "Peri-LN's output norms have no reader to fold into"
        : c.LayerScaling ? "fold LayerNorm Scaling into the gains first"
        : c.DeferredNorm ? "the norms are already deferred (FlashNorm)"
        : null;

    public IReadOnlyList<string> Changes(ModelConfig c)
    {
        var changes = new List<string>();
        if (c.Head == HeadKind.Tied) changes.Add("untied the head: head.weight = the token table (the final norm's gain now differs between them)");
        changes.Add($"folded the gain and bias of every block's attention-input norm into {(c.FusedQkv ? "the fused QKV" : "Q, K and V")} (W ← W·diag g, bias ← W·b + bias)");
        changes.Add($"folded the gain and bias of every block's MLP-input norm into {(c.Mlp == MlpKind.SwiGlu ? "gate and up" : "up")}");
        changes.Add(c.Head == HeadKind.None
            ? "kept the final norm's gain and bias (no head to fold into) on an RMSNorm"
            : "folded the final norm's gain and bias into the head");
        if (c.Norm == NormType.LayerNorm) changes.Add("LayerNorm → RMSNorm (same eps): exact on the zero-mean stream");
        return changes;
    }

    public ModelConfig Describe(ModelConfig c) => c with
    {
        Norm = NormType.RmsNorm,
        Head = c.Head == HeadKind.Tied ? HeadKind.Untied : c.Head,
    };

    public NeutralModel Apply(NeutralModel model)
    {
        this.Require(model);
        var config = Describe(model.Config);
        var source = HeadUntying.Untie(model, LazyTensorSet.From(model.Weights));
        var weights = LazyTensorSet.From(source);
        for (int l = 0; l < config.Layers; l++)
        {
            Fold(source, weights, TensorNames.AttnNorm(l), TensorNames.AttnReaders(config, l));
            Fold(source, weights, TensorNames.MlpNorm(l), TensorNames.MlpReaders(config, l));
        }
        if (config.Head != HeadKind.None) Fold(source, weights, TensorNames.FinalNorm, [TensorNames.Head]);
        return model with { Config = config, Weights = weights };
    }

    private static void Fold(ITensorSource source, LazyTensorSet weights, string site, IEnumerable<string> readers)
    {
        string g = TensorNames.Weight(site), b = TensorNames.Bias(site);
        foreach (string reader in readers)
        {
            string w = TensorNames.Weight(reader), bias = TensorNames.Bias(reader);
            weights.Set(w, () => WeightAlgebra.ScaleInputs(source.Load(w), Optional(source, g)));
            if (source.Contains(b))
                weights.Set(bias, () => new Tensor(bias, [source.Load(w).Rows],
                    WeightAlgebra.PushBias(source.Load(w), source.Load(b).Data, Optional(source, bias))));
        }
        weights.Remove(g).Remove(b);
    }

    private static double[]? Optional(ITensorSource source, string name) => source.Contains(name) ? source.Load(name).Data : null;
}
