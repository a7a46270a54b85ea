using NormLab.Results;
using NormLab.Errors;
using NormLab.Models.Description;
using NormLab.Models.Export;
using NormLab.Models.Forward;
using NormLab.Models.Onnx;
using NormLab.Models.Onnx.Proto;
using NormLab.Models.Verification;

namespace NormLab.Models.Vision;

/// <summary>
/// The ONNX path for a ViT: the Pre-LN model exported (<see cref="TransformerOnnxExporter"/>), then
/// rewritten by the generic graph converter (<see cref="OnnxPreLnConverter"/>, which knows nothing of
/// the lab's model) to Pre-RMSNorm and Pre-CRMSNorm; all three graphs run in ORT over the digits.
/// Each converted graph is held to the Pre-LN graph: per-row relative logit error within the float32
/// bound (both sides round in float32), and its top-1 agreement and accuracy reported.
/// </summary>
public static class VitOnnxCheck
{
    public const string Layer = "ort-output";
    public const string PreLnVariant = "onnx-pre-ln";

    private static readonly (string Variant, OnnxStageTarget Target)[] Targets =
        [("onnx-pre-rmsnorm", OnnxStageTarget.PreRmsNorm), ("onnx-pre-crmsnorm", OnnxStageTarget.PreCRmsNorm)];

    public static VitOnnxResult Run(NeutralModel model, DataSet data)
    {
        var c = model.Config;
        var preLn = ModelProto.Parser.ParseFrom(TransformerOnnxExporter.Export(model, batch: null, data.Inputs[0].Input.RowsPerSequence));
        var reference = OrtClassifier.Logits(preLn, data, c.PatchDim);
        var forms = new List<VitOnnxForm> { Score(PreLnVariant, reference, reference, data) };
        foreach (var (variant, target) in Targets)
        {
            var converted = OnnxPreLnConverter.Convert(preLn, target, $"{model.Name} (exported)").Model;
            forms.Add(Score(variant, OrtClassifier.Logits(converted, data, c.PatchDim), reference, data));
        }
        return new VitOnnxResult(model.Name, data.Description, forms);
    }

    private static VitOnnxForm Score(string variant, float[][] logits, float[][] reference, DataSet data)
    {
        var m = OutputErrors.Compare(Flat(logits), Flat(reference), reference[0].Length, logits: true);
        int correct = logits.Select((l, i) => GreedyDecoder.ArgMax<float>(l) == data.Inputs[i].Label ? 1 : 0).Sum();
        return new VitOnnxForm(variant, (double)correct / logits.Length, m, VerificationBounds.Passes(Precisions.Float32, m));
    }

    private static double[] Flat(float[][] rows) => rows.SelectMany(r => r).Select(v => (double)v).ToArray();
}

/// <summary>One ORT graph's outcome: accuracy on the labels, and its logits against the Pre-LN graph's.</summary>
public sealed record VitOnnxForm(string Variant, double Accuracy, OutputErrors VsPreLn, bool Pass);

public sealed record VitOnnxResult(string Model, string Data, IReadOnlyList<VitOnnxForm> Forms)
{
    /// <summary>The converted graphs as verify rows (float32, layer "ort-output"); the Pre-LN graph is their reference.</summary>
    public IEnumerable<VerificationRow> Rows => Forms.Where(f => f.Variant != VitOnnxCheck.PreLnVariant).Select(f =>
        new VerificationRow(Model, f.Variant, Precisions.Float32, VitOnnxCheck.Layer, f.VsPreLn.MaxAbsErr, f.VsPreLn.MaxRelErr,
            f.VsPreLn.Top1Agreement, f.VsPreLn.MaxKl, f.Pass));
}
