using NormLab.Models.Onnx;
using NormLab.Models.Onnx.PpOcr;
using Xunit;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class PpOcrStageVerificationTests(PpOcrTestModel ppocr)
{
    private (SvtrStage Stage, SvtrStageWeights Weights, PpOcrStageVerification.StageInput Input) Setup(string text)
    {
        var (model, graph, stage) = ppocr.Fresh();
        var input = PpOcrStageVerification.Capture(model, stage, TextLineImage.Render(text, ppocr.Latin));
        return (stage, SvtrStageWeights.Read(graph, stage), input);
    }

    [Fact]
    public void Neutral_mapping_of_the_stage_reproduces_ort()
    {
        var (stage, weights, input) = Setup("Hello World");

        var (_, rel) = PpOcrStageVerification.MappingAgainstOrt("ppocrv4", stage, weights, input);

        // ORT computes in float32; the mapping in float64. A wrong layout (qkv order, transposes,
        // activation, eps) would differ by O(1).
        Assert.InRange(rel, 0, 1e-5);
    }

    [Fact]
    public void Converted_stages_match_the_original_in_float64_to_1e_10()
    {
        var (stage, weights, input) = Setup("0123456789");

        var rows = PpOcrStageVerification.Run("ppocrv4", stage, weights, input);

        var f64 = rows.Where(r => r.Precision == "float64").ToList();
        Assert.Equal(2 * 3, f64.Count);  // two variants × (block 1, block 2, output)
        Assert.All(f64, r => Assert.InRange(r.MaxRelErr, 0, 1e-10));
        Assert.All(rows.Where(r => r.Precision == "float32"), r => Assert.InRange(r.MaxRelErr, 0, PpOcrStageVerification.Float32Bound));
        Assert.All(rows, r => Assert.True(r.Pass));
    }

    [Fact]
    public void A_wrong_fold_is_caught()
    {
        var (stage, weights, input) = Setup("NormLab");
        // Convert as if the first norm had no bias (a forgotten b·W term): the check must fail.
        var b0 = weights.Blocks[0];
        var broken = weights with { Blocks = [b0 with { AttentionNorm = b0.AttentionNorm with { Bias = new double[stage.Width] } }, .. weights.Blocks.Skip(1)] };
        var original = PpOcrStageModel.Original(stage, weights);

        var rows = PpOcrStageVerification.Compare(original, PpOcrStageModel.Converted(stage, broken, OnnxStageTarget.PreRmsNorm), "pre-rmsnorm", input);

        Assert.Contains(rows, r => r.Precision == "float64" && !r.Pass);
    }
}
