using NormLab.Models.Description;
using NormLab.Models.Forward;
using NormLab.Models.Onnx.Proto;
using NormLab.Models.Verification;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// Float64/float32 per-layer verification of the PP-OCRv4 transformer stage on a real input: the
/// stage input ORT computes for a rendered text line (exposed as an extra graph output) is run
/// through the original stage and each converted form as neutral models.
/// Per block, the converted main branch is compared with the original one recentered (and, for
/// CRMSNorm, expanded back to d with last element −Σ); at "output", the head (the final norm's
/// 1×1 Conv reader) is compared. Errors are max |Δ| and max |Δ| / max |reference| per tensor.
/// </summary>
public static class PpOcrStageVerification
{
    /// <summary>float64: rounding noise only (SPEC: 1e-13 … 1e-10).</summary>
    public const double Float64Bound = 1e-10;
    /// <summary>
    /// float32: 128 unit roundoffs (u = 2^-24 ≈ 6e-8) relative to the tensor's largest magnitude;
    /// measured ≈ 9u through the two blocks, so the bound leaves room for other inputs and CPUs.
    /// </summary>
    public const double Float32Bound = 128 * 5.960464477539063e-8;

    public sealed record StageInput(double[] Sequence, int Rows, int Width, float[] OrtHeadInput);

    /// <summary>Runs the original model in ORT on <paramref name="image"/> and returns the stage input it computed.</summary>
    public static StageInput Capture(ModelProto model, SvtrStage stage, TextLineImage image)
    {
        string headOut = stage.FinalReader.Conv.Output[0];
        using var session = new PpOcrSession(model, stage.Input, headOut);
        var (_, _, extras) = session.Run(image);
        var (values, shape) = extras[stage.Input];
        if (shape is not [1, var rows, var width] || width != stage.Width)
            throw new InvalidDataException($"stage input '{stage.Input}' has shape [{string.Join(",", shape)}], expected [1, T, {stage.Width}]");
        return new StageInput(values.Select(v => (double)v).ToArray(), rows, width, extras[headOut].Values);
    }

    public static IReadOnlyList<VerificationRow> Run(string modelName, SvtrStage stage, SvtrStageWeights weights, StageInput input)
    {
        var original = PpOcrStageModel.Original(stage, weights, modelName);
        return
        [
            .. Compare(original, PpOcrStageModel.Converted(stage, weights, OnnxStageTarget.PreRmsNorm, modelName), "pre-rmsnorm", input),
            .. Compare(original, PpOcrStageModel.Converted(stage, weights, OnnxStageTarget.PreCRmsNorm, modelName), "pre-crmsnorm", input),
        ];
    }

    /// <summary>Per-layer rows, float64 then float32, for any original/converted pair of stage models.</summary>
    public static IReadOnlyList<VerificationRow> Compare(NeutralModel original, NeutralModel converted, string variant, StageInput input)
    {
        var entry = ForwardInput.FromSequence(input.Sequence, input.Width);
        return
        [
            .. Compare(original.Name, variant, "float64", Float64Bound, ModelForward.Float64(original), ModelForward.Float64(converted), entry),
            .. Compare(original.Name, variant, "float32", Float32Bound, ModelForward.Float32(original), ModelForward.Float32(converted), entry),
        ];
    }

    /// <summary>The original stage's head output in float64 against ORT's Conv output: checks the mapping itself.</summary>
    public static (double MaxAbs, double MaxRel) MappingAgainstOrt(string modelName, SvtrStage stage, SvtrStageWeights weights, StageInput input)
    {
        var result = ModelForward.Float64(PpOcrStageModel.Original(stage, weights, modelName)).Run(ForwardInput.FromSequence(input.Sequence, input.Width));
        // ORT's Conv output is [1, Cout, 1, T]; the neutral head output is [T, Cout].
        int cout = result.Width, t = result.Rows;
        var ort = new double[t * cout];
        for (int o = 0; o < cout; o++)
            for (int r = 0; r < t; r++) ort[r * cout + o] = input.OrtHeadInput[o * t + r];
        return Errors(ort, result.Output);
    }

    private static IEnumerable<VerificationRow> Compare<T>(string model, string variant, string precision, double bound,
        ModelForward<T> original, ModelForward<T> converted, ForwardInput entry) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = new StreamCapture<T>();
        var b = new StreamCapture<T>();
        var ya = original.Run(entry, a);
        var yb = converted.Run(entry, b);
        int d = original.Model.Config.Dim;
        for (int l = 0; l < a.Blocks.Count; l++)
        {
            var reference = Centered(a.Blocks[l].Stream, d);
            var actual = Expanded(b.Blocks[l].Stream, b.Blocks[l].Width, d);
            yield return Row(model, variant, precision, $"block{l + 1}", Errors(reference, actual), bound);
        }
        yield return Row(model, variant, precision, "output", Errors(ToDouble(ya.Output), ToDouble(yb.Output)), bound);
    }

    private static VerificationRow Row(string model, string variant, string precision, string layer, (double Abs, double Rel) e, double bound) =>
        new(model, variant, precision, layer, e.Abs, e.Rel, null, null, e.Rel <= bound);

    private static (double MaxAbs, double MaxRel) Errors(double[] reference, double[] actual)
    {
        if (reference.Length != actual.Length) throw new InvalidOperationException($"compared tensors differ in size: {reference.Length} vs {actual.Length}");
        double maxAbs = 0, scale = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(reference[i] - actual[i]));
            scale = Math.Max(scale, Math.Abs(reference[i]));
        }
        return (maxAbs, scale > 0 ? maxAbs / scale : maxAbs);
    }

    private static double[] Centered(double[] x, int d)
    {
        var y = (double[])x.Clone();
        for (int r = 0; r < x.Length / d; r++)
        {
            var row = y.AsSpan(r * d, d);
            double mean = 0;
            foreach (double v in row) mean += v;
            mean /= d;
            for (int j = 0; j < d; j++) row[j] -= mean;
        }
        return y;
    }

    /// <summary>A compressed stream (width d − 1) back in R^d: the dropped element is −Σ of the others.</summary>
    private static double[] Expanded(double[] x, int width, int d)
    {
        if (width == d) return x;
        int rows = x.Length / width;
        var y = new double[rows * d];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int j = 0; j < width; j++) sum += y[r * d + j] = x[r * width + j];
            y[r * d + d - 1] = -sum;
        }
        return y;
    }

    private static double[] ToDouble<T>(T[] x) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        x.Select(v => double.CreateTruncating(v)).ToArray();
}
