using NormLab.Errors;
using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Export;
using NormLab.Models.Forward;
using NormLab.Models.Onnx;
using NormLab.Models.Onnx.Proto;
using NormLab.Models.Synthetic;
using NormLab.Models.Verification;
using NormLab.Models.Vision;
using Xunit;
using Xunit.Abstractions;

namespace NormLab.Models.Tests;

/// <summary>
/// The ViT (patch stem, class token, ReLU, bidirectional, class-token pooling) exported to ONNX: in
/// ORT it computes the lab's forward; the generic converter's Pre-RMSNorm and Pre-CRMSNorm graphs
/// compute the exported Pre-LN graph's function. Seeded ViT-MNIST-shaped weights (<see cref="SyntheticVit"/>).
/// </summary>
public sealed class VitOnnxExportTests(ITestOutputHelper output) : IDisposable
{
    private const int Images = 3;
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    private NeutralModel Vit() => ModelCatalog.Open(SyntheticVit.Write(_files.Folder), SyntheticVit.LayoutPath(_files.Folder)).Model;

    private static ForwardInput[] Inputs(ModelConfig c) =>
        Enumerable.Range(0, Images).Select(i => ForwardInput.FromSequence(
            new SeededNormal((ulong)i, "vit-onnx").Fill((c.MaxSeq - 1) * c.PatchDim, 0, 1), c.PatchDim)).ToArray();

    private static float[] Ort(ModelProto model, ForwardInput[] inputs, ModelConfig c) =>
        OrtGraphRunner.Run(model, OrtGraphRunner.Floats("patches", inputs.SelectMany(i => i.Sequence!).Select(v => (float)v).ToArray(),
            inputs.Length, inputs[0].RowsPerSequence, c.PatchDim));

    /// <summary>Per-row max |Δ| / max |reference| over the [N, classes] logits.</summary>
    private static double RowRel(float[] actual, double[] reference, int classes) =>
        OutputErrors.Compare(actual.Select(v => (double)v).ToArray(), reference, classes, logits: false).MaxRelErr;

    [Fact]
    public void Every_form_exported_computes_the_lab_forward_in_ort()
    {
        var vit = Vit();
        var c = vit.Config;
        var inputs = Inputs(c);
        var reference = ModelForward.Float64(vit).Run(ForwardInput.Batch(inputs)).Output;
        Assert.Equal(Images * c.Vocab, reference.Length);
        var forms = ConversionPlan.Variants(c).Select(v => (v.Variant, ConversionPlan.Apply(vit, v.Steps))).Prepend(("original", vit));
        foreach (var (variant, form) in forms)
        {
            var graph = ModelProto.Parser.ParseFrom(TransformerOnnxExporter.Export(form, batch: null, c.MaxSeq - 1));
            double rel = RowRel(Ort(graph, inputs, c), reference, c.Vocab);
            output.WriteLine($"{variant} exported, ORT vs lab float64: max row rel {rel:E2}");
            Assert.InRange(rel, 0, VerificationBounds.Float32MaxRelErr);
        }
    }

    [Fact]
    public void Generic_conversions_of_the_exported_pre_ln_graph_compute_the_same_logits()
    {
        var vit = Vit();
        var c = vit.Config;
        var inputs = Inputs(c);
        var preLn = ModelProto.Parser.ParseFrom(TransformerOnnxExporter.Export(vit, batch: null, c.MaxSeq - 1));
        var reference = Ort(preLn, inputs, c).Select(v => (double)v).ToArray();
        foreach (var target in new[] { OnnxStageTarget.PreRmsNorm, OnnxStageTarget.PreCRmsNorm })
        {
            var conversion = OnnxPreLnConverter.Convert(preLn, target, "vit.onnx");
            Assert.Equal(2 * c.Layers, conversion.Branch.Sublayers.Count);
            Assert.Empty(OnnxLayerNorm.FindAll(new OnnxGraph(conversion.Model.Graph)));
            // Class token, patch projection and positions are linear in constants: recentered there, no explicit mean.
            Assert.DoesNotContain(conversion.Changes, change => change.Contains("explicit mean"));
            double rel = RowRel(Ort(conversion.Model, inputs, c), reference, c.Vocab);
            output.WriteLine($"{target} ORT vs Pre-LN ORT: max row rel {rel:E2}");
            Assert.InRange(rel, 0, VerificationBounds.Float32MaxRelErr);
        }
    }

    [Fact]
    public void Vit_onnx_check_reports_both_targets_as_verify_rows()
    {
        var vit = Vit();
        var inputs = Inputs(vit.Config);
        var data = new DataSet("seeded", inputs.Select((input, i) => new LabelledInput(i, i % vit.Config.Vocab, input)).ToList());

        var result = VitOnnxCheck.Run(vit, data);

        Assert.Equal([VitOnnxCheck.PreLnVariant, "onnx-pre-rmsnorm", "onnx-pre-crmsnorm"], result.Forms.Select(f => f.Variant));
        var rows = result.Rows.ToList();
        Assert.Equal(["onnx-pre-rmsnorm", "onnx-pre-crmsnorm"], rows.Select(r => r.Variant));
        Assert.All(rows, r => Assert.True(r.Pass && r.Layer == VitOnnxCheck.Layer && r.Top1Agreement == 1.0, $"{r.Variant}: {r.MaxRelErr:E2}"));
    }
}
