using NormLab.Results;
using NormLab.Errors;
using NormLab.Models.Conversions;
using NormLab.Models.Forward;
using NormLab.Models.Vision;

namespace NormLab.Models.Verification;

/// <summary>
/// Runs the original and every applicable converted form (<see cref="ConversionPlan.Variants"/>) in
/// float64 and float32 on the target's fixed input, comparing each with the float64 original per
/// block and at the output; then the greedy continuation and the target's extra checks. Rows are
/// yielded as they are produced. <paramref name="only"/> restricts the run to the named variants
/// ("original" = the original in float32).
/// </summary>
public sealed class ModelVerifier(VerificationTarget target, IReadOnlyCollection<string>? only = null, int? samples = null)
{
    public const string OriginalVariant = "original";

    /// <summary>Every name `verify --variant` accepts: the original, then every conversion step a variant can end in.</summary>
    public static IReadOnlyList<string> VariantNames { get; } =
        [OriginalVariant, new FoldLayerScaling().Name, new RecenterMainBranch().Name, .. ConversionPlan.Targets];

    /// <summary>Greedy continuations per (variant, precision), filled as the greedy rows are produced.</summary>
    public Dictionary<(string Variant, string Precision), int[]> Continuations { get; } = [];

    public IEnumerable<VerificationRow> Run()
    {
        var data = target.Dataset?.Sampled(samples);
        var forms = Variants().Select(v => (v.Variant, ConversionPlan.Apply(target.Model, v.Steps))).ToList();
        if (data is not null)
        {
            Classification = ImageClassifierVerification.Run(target.Model, forms, Wanted(OriginalVariant), data);
            foreach (var row in Classification.Rows) yield return row;
        }
        else
            foreach (var row in FormComparison.Run(target.Model, forms, Wanted(OriginalVariant), target.Input).Rows) yield return row;
        if (target.GreedyTokens > 0)
            foreach (var row in Greedy()) yield return row;
        if (target.ExtraChecks is { } extra)
            foreach (var row in extra(data)) yield return row;
    }

    /// <summary>The per-input classification outcome, when the target is a labelled data set.</summary>
    public ClassificationResult? Classification { get; private set; }

    /// <summary>
    /// Each form continues the prompt greedily in each precision; the row passes when its tokens equal
    /// the original's in that precision. Its errors compare the form's logits over the original's
    /// float64 continuation with the float64 original's.
    /// </summary>
    private IEnumerable<VerificationRow> Greedy()
    {
        var original = target.Model;
        var prompt = target.GreedyPrompt ?? target.Input.Tokens ?? throw new InvalidOperationException($"{original.Name}: greedy continuation needs token input.");
        string layer = $"greedy{target.GreedyTokens}";
        var refTokens = GreedyDecoder.Continue(ModelForward.Float64(original), prompt, target.GreedyTokens);
        var sequence = ForwardInput.FromTokens([.. prompt, .. refTokens[..^1]]);
        var refLogits = ModelForward.Float64(original).Run(sequence).Output;
        Continuations[(OriginalVariant, Precisions.Float64)] = refTokens;
        var original32 = GreedyDecoder.Continue(ModelForward.Float32(original), prompt, target.GreedyTokens);
        Continuations[(OriginalVariant, Precisions.Float32)] = original32;
        foreach (var (variant, steps) in Variants())
        {
            var form = ConversionPlan.Apply(original, steps);
            foreach (string precision in new[] { Precisions.Float64, Precisions.Float32 })
            {
                bool f64 = precision == Precisions.Float64;
                var tokens = f64
                    ? GreedyDecoder.Continue(ModelForward.Float64(form), prompt, target.GreedyTokens)
                    : GreedyDecoder.Continue(ModelForward.Float32(form), prompt, target.GreedyTokens);
                Continuations[(variant, precision)] = tokens;
                var logits = f64
                    ? ModelForward.Float64(form).Run(sequence).Output
                    : ModelForward.Float32(form).Run(sequence).Output.Select(v => (double)v).ToArray();
                var m = OutputErrors.Compare(logits, refLogits, original.Config.Vocab, logits: true);
                var expected = f64 ? refTokens : original32;
                double same = tokens.Zip(expected).Count(p => p.First == p.Second) / (double)tokens.Length;
                yield return new VerificationRow(original.Name, variant, precision, layer, m.MaxAbsErr, m.MaxRelErr, same, m.MaxKl,
                    tokens.SequenceEqual(expected) && VerificationBounds.Passes(precision, m with { Top1Agreement = null }));
            }
        }
    }

    private bool Wanted(string variant) => only is null || only.Contains(variant);

    private IEnumerable<(string Variant, IReadOnlyList<IModelConversion> Steps)> Variants() =>
        ConversionPlan.Variants(target.Model.Config).Where(v => Wanted(v.Variant));

}
