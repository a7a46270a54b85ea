using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// Which steps lead from a model to each converted form. Verify runs every variant that applies;
/// convert runs the chain to one target. Steps that do not apply to the model are skipped (e.g. an
/// RMSNorm model has nothing to recenter; only a model with LayerNorm Scaling folds it).
/// </summary>
public static class ConversionPlan
{
    public static readonly string[] Targets = ["pre-rmsnorm", "pre-crmsnorm", "flashnorm"];

    /// <summary>The chain of steps for <paramref name="target"/>, or an exception saying why it cannot apply.</summary>
    public static IReadOnlyList<IModelConversion> To(string target, ModelConfig config)
    {
        var chain = new List<IModelConversion>();
        var c = config;
        foreach (var step in Candidates(target))
        {
            if (step.WhyNot(c) is { } reason)
            {
                if (IsOptional(step)) continue;
                throw new UsageException($"cannot convert to {target}: {step.Name} does not apply: {reason}");
            }
            chain.Add(step);
            c = step.Describe(c);
        }
        return chain;
    }

    /// <summary>
    /// Every variant verify checks, as cumulative chains, named by their last step: e.g. for a
    /// GPT-2-style LN model fold-lns (if any), recenter, pre-rmsnorm, pre-crmsnorm, flashnorm.
    /// </summary>
    public static IReadOnlyList<(string Variant, IReadOnlyList<IModelConversion> Steps)> Variants(ModelConfig config)
    {
        var variants = new List<(string, IReadOnlyList<IModelConversion>)>();
        foreach (string target in Targets)
        {
            IReadOnlyList<IModelConversion> chain;
            try { chain = To(target, config); }
            catch (UsageException) { continue; }
            for (int n = 1; n <= chain.Count; n++)
                if (!variants.Any(v => v.Item1 == chain[n - 1].Name))
                    variants.Add((chain[n - 1].Name, chain.Take(n).ToList()));
        }
        return variants;
    }

    /// <summary>The conversions a model's description says it already carries (a file convert wrote), in order.</summary>
    public static IReadOnlyList<string> Carried(ModelConfig c) =>
    [
        .. c.ZeroMeanStream ? ["recenter"] : Array.Empty<string>(),
        .. c.ZeroMeanStream && c.Norm is NormType.RmsNorm or NormType.CRmsNorm ? ["pre-rmsnorm"] : Array.Empty<string>(),
        .. c.CompressedStream ? ["pre-crmsnorm"] : Array.Empty<string>(),
        .. c.DeferredNorm ? ["flashnorm"] : Array.Empty<string>(),
    ];

    public static NeutralModel Apply(NeutralModel model, IEnumerable<IModelConversion> steps) =>
        steps.Aggregate(model, (m, step) => step.Apply(m));

    private static IEnumerable<IModelConversion> Candidates(string target) => target switch
    {
        "pre-rmsnorm" => [new FoldLayerScaling(), new RecenterMainBranch(), new FoldNormsIntoReaders()],
        "pre-crmsnorm" => [new FoldLayerScaling(), new RecenterMainBranch(), new FoldNormsIntoReaders(), new CompressStream()],
        "flashnorm" => [new FoldLayerScaling(), new RecenterMainBranch(), new FoldNormsIntoReaders(), new DeferNorm()],
        _ => throw new UsageException($"unknown target {target}; expected one of {string.Join(", ", Targets)}."),
    };

    /// <summary>Steps that only apply to some models: LayerNorm Scaling folding, recentering (LN models only).</summary>
    private static bool IsOptional(IModelConversion step) => step is FoldLayerScaling or RecenterMainBranch;
}
