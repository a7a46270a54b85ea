using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// SPEC 5: LayerNorm Scaling at inference is the norm with g and b scaled by 1/sqrt(ℓ). Folds the
/// factor into each block's input-norm gain (created as the constant 1/sqrt(ℓ) where absent) and bias.
/// </summary>
public sealed class FoldLayerScaling : IModelConversion
{
    public string Name => "fold-lns";

    public string? WhyNot(ModelConfig c) =>
        !c.LayerScaling ? "the model has no LayerNorm Scaling"
        : c.Norm == NormType.None ? "the model has no norms"
        : c.DeferredNorm ? "FlashNorm's deferred norms carry no gain to fold into"
        : null;

    public IReadOnlyList<string> Changes(ModelConfig c) =>
        [$"folded the LayerNorm Scaling factor 1/sqrt(ℓ) into the gain and bias of both input norms of blocks 1..{c.Layers}"];

    public ModelConfig Describe(ModelConfig c) => c with { LayerScaling = false };

    public NeutralModel Apply(NeutralModel model)
    {
        this.Require(model);
        var source = model.Weights;
        var weights = LazyTensorSet.From(source);
        int width = model.Config.StreamDim;
        for (int l = 0; l < model.Config.Layers; l++)
        {
            double s = 1 / Math.Sqrt(l + 1);
            foreach (string site in new[] { TensorNames.AttnNorm(l), TensorNames.MlpNorm(l) })
            {
                string g = TensorNames.Weight(site), b = TensorNames.Bias(site);
                weights.Set(g, source.Contains(g)
                    ? () => WeightAlgebra.Scale(source.Load(g), s)
                    : () => new Tensor(g, [width], Enumerable.Repeat(s, width).ToArray()));
                if (source.Contains(b)) weights.Set(b, () => WeightAlgebra.Scale(source.Load(b), s));
            }
        }
        return model with { Config = Describe(model.Config), Weights = weights };
    }
}
