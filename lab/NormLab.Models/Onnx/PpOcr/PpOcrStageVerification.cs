using NormLab.Results;
using NormLab.Errors;
using NormLab.Models.Description;
using NormLab.Models.Forward;
using NormLab.Models.Verification;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// Float64/float32 per-layer verification of the PP-OCRv4 transformer stage on a real input: the
/// stage input ORT computes for a rendered text line (exposed as an extra graph output) is run
/// through the original stage and each converted form as neutral models.
/// Per block, the converted main branch is compared with the original one recentered (and, for
/// CRMSNorm, expanded back to d with last element −Σ); at "output", the head (the final norm's
/// 1×1 Conv reader) is compared. Bounds are the shared verifier's (<see cref="VerificationBounds"/>); here
/// both sides run in float32 and the error is per row: measured up to ~160 u at the head's output rows. Errors are the shared <see cref="OutputErrors"/> (max |Δ|, and max |Δ| / max |reference| per row).
/// </summary>
public static class PpOcrStageVerification
{
    public sealed record StageInput(double[] Sequence, int Rows, int Width, float[] OrtHeadInput);

    /// <summary>Runs the original model in ORT on <paramref name="image"/> and returns the stage input it computed.</summary>
    public static StageInput Capture(PpOcrModel m, TextLineImage image)
    {
        string entry = m.Branch.Entry;
        var (_, _, extras) = m.Session.Run(image);
        var (values, shape) = extras[entry];
        if (shape is not [1, var rows, var width] || width != m.Branch.Width)
            throw new InvalidDataException($"{m.Path}: stage input '{entry}' has shape [{string.Join(",", shape)}], expected [1, T, {m.Branch.Width}]");
        return new StageInput(values.Select(v => (double)v).ToArray(), rows, width, extras[m.HeadOutput].Values);
    }

    public static IReadOnlyList<VerificationRow> Run(PpOcrModel m, string modelName, StageInput input)
    {
        var original = PpOcrStageModel.Original(m, modelName);
        return
        [
            .. Compare(original, PpOcrStageModel.Converted(m, OnnxStageTarget.PreRmsNorm, modelName), "pre-rmsnorm", input),
            .. Compare(original, PpOcrStageModel.Converted(m, OnnxStageTarget.PreCRmsNorm, modelName), "pre-crmsnorm", input),
        ];
    }

    /// <summary>Per-layer rows, float64 then float32, for any original/converted pair of stage models.</summary>
    public static IReadOnlyList<VerificationRow> Compare(NeutralModel original, NeutralModel converted, string variant, StageInput input)
    {
        var entry = ForwardInput.FromSequence(input.Sequence, input.Width);
        return
        [
            .. Compare(original.Name, variant, Precisions.Float64, VerificationBounds.Float64MaxRelErr, ModelForward.Float64(original), ModelForward.Float64(converted), entry),
            .. Compare(original.Name, variant, Precisions.Float32, VerificationBounds.Float32MaxRelErr, ModelForward.Float32(original), ModelForward.Float32(converted), entry),
        ];
    }

    /// <summary>The original stage's head output in float64 against ORT's Conv output: checks the mapping itself.</summary>
    public static OutputErrors MappingAgainstOrt(PpOcrModel m, StageInput input)
    {
        var result = ModelForward.Float64(PpOcrStageModel.Original(m)).Run(ForwardInput.FromSequence(input.Sequence, input.Width));
        // ORT's Conv output is [1, Cout, 1, T]; the neutral head output is [T, Cout].
        int cout = result.Width, t = result.Rows;
        var ort = new double[t * cout];
        for (int o = 0; o < cout; o++)
            for (int r = 0; r < t; r++) ort[r * cout + o] = input.OrtHeadInput[o * t + r];
        return OutputErrors.Compare(result.Output, ort, cout, logits: false);
    }

    private static IEnumerable<VerificationRow> Compare<T>(string model, string variant, string precision, double bound,
        ModelForward<T> original, ModelForward<T> converted, ForwardInput entry) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = new StreamCapture<T>();
        var b = new StreamCapture<T>();
        var ya = original.Run(entry, a);
        var yb = converted.Run(entry, b);
        var (oc, cc) = (original.Model.Config, converted.Model.Config);
        for (int l = 0; l < a.Blocks.Count; l++)
        {
            var reference = StreamCanon.Centered(a.Blocks[l], oc.Dim);
            var actual = StreamCanon.ToFullWidth<double>(b.Blocks[l], cc);
            yield return Row(model, variant, precision, $"block{l + 1}", OutputErrors.Compare(actual, reference, oc.Dim, logits: false), bound);
        }
        var (ra, rb) = (ToDouble(ya.Output), ToDouble(yb.Output));
        yield return Row(model, variant, precision, "output", OutputErrors.Compare(rb, ra, ya.Width, logits: false), bound);
    }

    private static VerificationRow Row(string model, string variant, string precision, string layer, OutputErrors e, double bound) =>
        new(model, variant, precision, layer, e.MaxAbsErr, e.MaxRelErr, null, null, e.MaxRelErr <= bound);

    private static double[] ToDouble<T>(T[] x) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        x.Select(v => double.CreateTruncating(v)).ToArray();
}
