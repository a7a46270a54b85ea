using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// SPEC 1: make the main branch zero-mean. Every row entering it is recentered (token and position
/// tables; an external stem gets the explicit entry mean subtraction), and every writer (W_o, W_2 and
/// their biases) has its mean over the output dimension removed. Each LN sees what it saw before.
/// A tied head is untied first, keeping the original table, so logits stay exact (SPEC 4).
/// </summary>
public sealed class RecenterMainBranch : IModelConversion
{
    public string Name => "recenter";

    public string? WhyNot(ModelConfig c) =>
        c.Norm != NormType.LayerNorm ? $"only LayerNorm ignores the stream's mean (the model uses {c.Norm})"
        : c.Placement != NormPlacement.Pre ? "Peri-LN adds normalized (not zero-mean) outputs to the stream"
        : c.ZeroMeanStream ? "the stream is already zero-mean"
        : null;

    public IReadOnlyList<string> Changes(ModelConfig c)
    {
        var changes = new List<string>();
        if (c.Head == HeadKind.Tied) changes.Add("untied the head: head.weight = the original token table (exact logits)");
        changes.Add(c.Stem == StemKind.TokenEmbedding
            ? "recentered every row of the token embedding table"
            : "added an explicit mean subtraction at the entry (the external stem cannot be recentered in weights)");
        if (c.LearnedPositions) changes.Add("recentered every row of the position table");
        changes.Add($"recentered the attention output and MLP down projections (weights and biases) of {c.Layers} blocks over the output dimension");
        return changes;
    }

    public ModelConfig Describe(ModelConfig c) => c with
    {
        ZeroMeanStream = true, CenterEntry = c.Stem == StemKind.External, Head = c.Head == HeadKind.Tied ? HeadKind.Untied : c.Head,
    };

    public NeutralModel Apply(NeutralModel model)
    {
        this.Require(model);
        var source = model.Weights;
        var weights = HeadUntying.Untie(model, LazyTensorSet.From(source));
        var config = Describe(model.Config);
        foreach (string name in source.Names)
        {
            if (name is TensorNames.TokenEmbedding or TensorNames.PositionEmbedding || IsWriterBias(name, config))
                weights.Set(name, () => WeightAlgebra.CenterRows(source.Load(name)));
            else if (IsWriterWeight(name, config))
                weights.Set(name, () => WeightAlgebra.CenterOutputs(source.Load(name)));
        }
        return model with { Config = config, Weights = weights };
    }

    private static bool IsWriterWeight(string name, ModelConfig c) =>
        Enumerable.Range(0, c.Layers).SelectMany(TensorNames.Writers).Any(w => name == TensorNames.Weight(w));

    private static bool IsWriterBias(string name, ModelConfig c) =>
        Enumerable.Range(0, c.Layers).SelectMany(TensorNames.Writers).Any(w => name == TensorNames.Bias(w));
}
