using NormLab.Results;
using NormLab.Errors;
using System.Numerics;
using NormLab.Models.Description;
using NormLab.Models.Forward;

namespace NormLab.Models.Verification;

/// <summary>What one comparison pass gives: a row per form, precision and layer, and each form's output.</summary>
public sealed record FormComparisonResult(IReadOnlyList<VerificationRow> Rows, IReadOnlyDictionary<(string Variant, string Precision), double[]> Outputs);

/// <summary>
/// One input through the float64 original (the reference, its stream kept after every block) and
/// through each converted form in float64 and float32 (and the original in float32), each compared
/// with the reference per block and at the output.
/// </summary>
public static class FormComparison
{
    public static FormComparisonResult Run(NeutralModel original, IReadOnlyList<(string Variant, NeutralModel Form)> forms, bool original32, ForwardInput input)
    {
        var reference = new ReferenceCapture(original.Config);
        var refOutput = ModelForward.Float64(original).Run(input, reference);
        var rows = new List<VerificationRow>();
        var outputs = new Dictionary<(string, string), double[]> { [(ModelVerifier.OriginalVariant, Precisions.Float64)] = refOutput.Output };
        void Add(string variant, string precision, (List<VerificationRow> Rows, double[] Output) r)
        {
            rows.AddRange(r.Rows);
            outputs[(variant, precision)] = r.Output;
        }
        if (original32) Add(ModelVerifier.OriginalVariant, Precisions.Float32, Form(original, ModelVerifier.OriginalVariant, ModelForward.Float32(original), Precisions.Float32, reference, refOutput, input));
        foreach (var (variant, form) in forms)
        {
            Add(variant, Precisions.Float64, Form(original, variant, ModelForward.Float64(form), Precisions.Float64, reference, refOutput, input));
            Add(variant, Precisions.Float32, Form(original, variant, ModelForward.Float32(form), Precisions.Float32, reference, refOutput, input));
        }
        return new FormComparisonResult(rows, outputs);
    }

    private static (List<VerificationRow>, double[]) Form<T>(NeutralModel original, string variant, ModelForward<T> forward, string precision,
        ReferenceCapture reference, ForwardResult<double> refOutput, ForwardInput input) where T : unmanaged, IFloatingPointIeee754<T>
    {
        VerificationRow Row(string layer, OutputErrors m) => new(original.Name, variant, precision, layer, m.MaxAbsErr, m.MaxRelErr,
            m.Top1Agreement, m.MaxKl, VerificationBounds.Passes(precision, m));
        var comparer = new LayerComparer<T>(reference, original.Config, forward.Model.Config, Row);
        var output = forward.Run(input, comparer);
        var actual = output.Output.Select(double.CreateTruncating).ToArray();
        var metrics = OutputErrors.Compare(actual, refOutput.Output, refOutput.Width, refOutput.IsLogits);
        return ([.. comparer.Rows, Row("output", metrics)], actual);
    }
}
