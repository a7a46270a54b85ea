using NormLab.Models.Onnx;
using NormLab.Models.Onnx.PpOcr;
using Xunit;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class PpOcrStageVerificationTests(PpOcrTestModel ppocr)
{
    private (PpOcrModel Model, PpOcrStageVerification.StageInput Input) Setup(string text)
    {
        var m = ppocr.Open();
        return (m, PpOcrStageVerification.Capture(m, TextLineImage.Render(text, ppocr.Latin)));
    }

    [Fact]
    public void Neutral_mapping_of_the_stage_reproduces_ort()
    {
        var (m, input) = Setup("Hello World");

        double rel = PpOcrStageVerification.MappingAgainstOrt(m, input).MaxRelErr;

        // ORT computes in float32; the mapping in float64. A wrong layout (qkv order, transposes,
        // activation, eps) would differ by O(1).
        Assert.InRange(rel, 0, 1e-5);
    }

    [Fact]
    public void Converted_stages_match_the_original_in_float64_to_1e_10()
    {
        var (m, input) = Setup("0123456789");

        var rows = PpOcrStageVerification.Run(m, "ppocrv4", input);

        var f64 = rows.Where(r => r.Precision == "float64").ToList();
        Assert.Equal(2 * 3, f64.Count);  // two variants × (block 1, block 2, output)
        Assert.All(f64, r => Assert.InRange(r.MaxRelErr, 0, 1e-10));
        Assert.All(rows.Where(r => r.Precision == "float32"), r => Assert.InRange(r.MaxRelErr, 0, NormLab.Models.Verification.VerificationBounds.Float32MaxRelErr));
        Assert.All(rows, r => Assert.True(r.Pass));
    }

    [Fact]
    public void A_wrong_fold_is_caught()
    {
        var (m, input) = Setup("NormLab");
        // Convert as if the first norm had no bias (a forgotten b·W term): the check must fail.
        var s0 = m.Weights.Sublayers[0];
        var broken = m.Weights with { Sublayers = [s0 with { Norm = s0.Norm with { Bias = new double[m.Branch.Width] } }, .. m.Weights.Sublayers.Skip(1)] };
        var original = PpOcrStageModel.Original(m);

        var rows = PpOcrStageVerification.Compare(original, PpOcrStageModel.Converted(m, broken.Convert(OnnxStageTarget.PreRmsNorm), OnnxStageTarget.PreRmsNorm), "pre-rmsnorm", input);

        Assert.Contains(rows, r => r.Precision == "float64" && !r.Pass);
    }
}
