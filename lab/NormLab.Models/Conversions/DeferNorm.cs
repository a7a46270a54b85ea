using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// SPEC 6 / FlashNorm: with the gains already folded into the readers (Q/K/V, gate/up, head), defer
/// 1/rms(x) to after the matmul: the forward multiplies the raw stream and scales each output row.
/// The weights do not change; the description does (<see cref="ModelConfig.DeferredNorm"/>). Without
/// a head the final norm has no reader and stays a plain norm.
/// </summary>
public sealed class DeferNorm : IModelConversion
{
    public string Name => "flashnorm";

    public string? WhyNot(ModelConfig c) =>
        c.Norm is not (NormType.RmsNorm or NormType.CRmsNorm) ? $"FlashNorm needs RMSNorm (convert to pre-rmsnorm first), the model has {c.Norm}"
        : c.Placement != NormPlacement.Pre ? "Peri-LN's output norms have no reader to defer into"
        : c.LayerScaling ? "fold LayerNorm Scaling into the gains first"
        : c.DeferredNorm ? "already deferred"
        : null;

    public IReadOnlyList<string> Changes(ModelConfig c) =>
        ["readers of every norm now multiply the un-normalized stream and scale each row by 1/rms afterwards (the normalized vector is never formed)"];

    public ModelConfig Describe(ModelConfig c) => c with { DeferredNorm = true };

    public NeutralModel Apply(NeutralModel model)
    {
        this.Require(model);
        foreach (string name in model.Weights.Names)
            if (TensorNames.IsNormParameter(name) && (model.Config.Head != HeadKind.None || !name.StartsWith(TensorNames.FinalNorm, StringComparison.Ordinal)))
                throw new InvalidOperationException($"{Name} does not apply to {model.Name}: {name} must be folded into its readers first (pre-rmsnorm).");
        return model with { Config = Describe(model.Config) };
    }
}
