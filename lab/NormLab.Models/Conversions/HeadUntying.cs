using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// Gives a tied head its own copy of the current embedding table (SPEC 4, the "untie → exact logits"
/// choice): conversions that must change the embedding or the head differently untie first.
/// </summary>
public static class HeadUntying
{
    /// <summary>Adds head.weight to <paramref name="weights"/> when the model's head is tied (the caller's Describe sets Head = Untied).</summary>
    public static LazyTensorSet Untie(NeutralModel model, LazyTensorSet weights)
    {
        if (model.Config.Head != HeadKind.Tied) return weights;
        var source = model.Weights;
        weights.Set(TensorNames.Weight(TensorNames.Head),
            () => WeightAlgebra.Renamed(source.Load(TensorNames.TokenEmbedding), TensorNames.Weight(TensorNames.Head)));
        return weights;
    }
}
