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
        changes.Add(c.Stem switch
        {
            StemKind.TokenEmbedding => "recentered every row of the token embedding table",
            StemKind.Patches => $"recentered the patch projection (weight over its outputs, and bias){(c.ClassToken ? " and the class token" : "")}",
            _ => "added an explicit mean subtraction at the entry (the external stem cannot be recentered in weights)",
        });
        if (c.LearnedPositions) changes.Add("recentered every row of the position table");
        changes.Add($"recentered the attention output and MLP down projections (weights and biases) of {c.Layers} blocks over the output dimension");
        return changes;
    }

    public ModelConfig Describe(ModelConfig c) => c with
    {
        ZeroMeanStream = true,
        CenterEntry = c.Stem == StemKind.External,
        Head = c.Head == HeadKind.Tied ? HeadKind.Untied : c.Head,
    };

    public NeutralModel Apply(NeutralModel model)
    {
        this.Require(model);
        var source = model.Weights;
        var weights = HeadUntying.Untie(model, LazyTensorSet.From(source));
        var inputs = StreamInputs.Of(model.Config);
        foreach (string name in source.Names)
            if (inputs.TryGetValue(name, out var axis))
                weights.Set(name, () => StreamInputs.Center(source.Load(name), axis));
        return model with { Config = Describe(model.Config), Weights = weights };
    }
}
