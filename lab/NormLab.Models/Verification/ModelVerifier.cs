using System.Numerics;
using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Forward;

namespace NormLab.Models.Verification;

/// <summary>
/// Runs the original and every applicable converted form (<see cref="ConversionPlan.Variants"/>) in
/// float64 and float32 on the target's fixed input, comparing each with the float64 original per
/// block and at the output; then the greedy continuation and the target's extra checks. Rows are
/// yielded as they are produced. <paramref name="only"/> restricts the run to the named variants
/// ("original" = the original in float32).
/// </summary>
public sealed class ModelVerifier(VerificationTarget target, IReadOnlyCollection<string>? only = null)
{
    public const string OriginalVariant = "original";

    /// <summary>Every name `verify --variant` accepts: the original, then every conversion step a variant can end in.</summary>
    public static IReadOnlyList<string> VariantNames { get; } =
        [OriginalVariant, new FoldLayerScaling().Name, new RecenterMainBranch().Name, .. ConversionPlan.Targets];

    /// <summary>Greedy continuations per (variant, precision), filled as the greedy rows are produced.</summary>
    public Dictionary<(string Variant, string Precision), int[]> Continuations { get; } = [];

    public IEnumerable<VerificationRow> Run()
    {
        var original = target.Model;
        var reference = new ReferenceCapture();
        var refOutput = ModelForward.Float64(original).Run(target.Input, reference);

        if (Wanted(OriginalVariant))
            foreach (var row in Form(OriginalVariant, original, Precisions.Float32, reference, refOutput)) yield return row;
        foreach (var (variant, steps) in Variants())
        {
            var converted = ConversionPlan.Apply(original, steps);
            foreach (string precision in new[] { Precisions.Float64, Precisions.Float32 })
                foreach (var row in Form(variant, converted, precision, reference, refOutput)) yield return row;
        }
        if (target.GreedyTokens > 0)
            foreach (var row in Greedy()) yield return row;
        if (target.ExtraChecks is { } extra)
            foreach (var row in extra()) yield return row;
    }

    private IEnumerable<VerificationRow> Form(string variant, NeutralModel form, string precision, ReferenceCapture reference,
        ForwardResult<double> refOutput) => precision == Precisions.Float64
        ? Form<double>(variant, ModelForward.Float64(form), precision, reference, refOutput)
        : Form<float>(variant, ModelForward.Float32(form), precision, reference, refOutput);

    private IEnumerable<VerificationRow> Form<T>(string variant, ModelForward<T> forward, string precision, ReferenceCapture reference,
        ForwardResult<double> refOutput) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var original = target.Model.Config;
        var comparer = new LayerComparer<T>(reference, original, forward.Model.Config, (layer, m) => Row(variant, precision, layer, m));
        var output = forward.Run(target.Input, comparer);
        var actual = output.Output.Select(double.CreateTruncating).ToArray();
        var metrics = ErrorMetrics.Compare(actual, refOutput.Output, refOutput.Width, refOutput.IsLogits);
        return [.. comparer.Rows, Row(variant, precision, "output", metrics)];
    }

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
                var m = ErrorMetrics.Compare(logits, refLogits, original.Config.Vocab, logits: true);
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

    private VerificationRow Row(string variant, string precision, string layer, ErrorMetrics m) =>
        new(target.Model.Name, variant, precision, layer, m.MaxAbsErr, m.MaxRelErr, m.Top1Agreement, m.MaxKl,
            VerificationBounds.Passes(precision, m));
}
