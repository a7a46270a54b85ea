using NormLab.Bench.Models;
using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Export;
using NormLab.Models.Forward;
using NormLab.Models.Synthetic;

namespace NormLab.Reports.Tests;

/// <summary>The exported ONNX forms compute the lab's forward, and so each other, in ONNX Runtime.</summary>
public class ModelExportTests
{
    private const int Batch = 2, Seq = 6;

    private static NeutralModel Small(MlpKind mlp = MlpKind.GeluTanh) => SyntheticGpt.Create(new SyntheticGptOptions
    {
        Layers = 2, Dim = 32, Heads = 4, Hidden = 64, Vocab = 50, MaxSeq = 8, Mlp = mlp,
    }, "tiny");

    private static float[] RunOrt(NeutralModel model, long[] tokens)
    {
        using var session = new OrtModelSession(TransformerOnnxExporter.Export(model, Batch, Seq), tokens, Batch, Seq, model.Config.Vocab);
        session.Run();
        return session.Logits;
    }

    private static readonly long[] Tokens = [3, 14, 15, 9, 26, 5, 35, 8, 9, 7, 9, 3];

    [Fact]
    public void Exported_pre_ln_matches_the_labs_float64_forward_for_each_sequence()
    {
        var model = Small();
        var logits = RunOrt(model, Tokens);
        for (int b = 0; b < Batch; b++)
        {
            var expected = ModelForward.Float64(model).Run(ForwardInput.FromTokens(Tokens.Skip(b * Seq).Take(Seq).Select(t => (int)t).ToArray())).Output;
            var actual = logits.AsSpan(b * Seq * model.Config.Vocab, Seq * model.Config.Vocab).ToArray();
            double scale = expected.Max(Math.Abs);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * scale, $"batch {b} logit {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Theory]
    [InlineData(MlpKind.GeluTanh)]
    [InlineData(MlpKind.SwiGlu)]
    public void Every_exported_form_computes_the_same_function_as_pre_ln(MlpKind mlp)
    {
        var forms = ModelForms.Of(Small(mlp));
        var reference = RunOrt(forms[0].Model, Tokens);
        double scale = reference.Max(MathF.Abs);
        foreach (var (form, model) in forms.Skip(1))
        {
            double diff = ModelBench.MaxCenteredDifference(reference, RunOrt(model, Tokens), Batch * Seq);
            Assert.True(diff <= 1e-4 * scale, $"{form}: max centered |Δ logit| {diff} vs scale {scale}");
        }
    }

    [Fact]
    public void A_wrong_conversion_would_be_seen()
    {
        // Same model with a perturbed final-norm gain: the check above must be able to fail.
        var model = Small();
        var weights = LazyTensorSet.From(model.Weights);
        string gain = TensorNames.Weight(TensorNames.FinalNorm);
        weights.Set(gain, () => { var t = model.Weights.Load(gain); return new Tensor(gain, t.Shape, t.Data.Select((v, i) => i == 0 ? v * 1.5 : v).ToArray()); });
        var reference = RunOrt(model, Tokens);
        double diff = ModelBench.MaxCenteredDifference(reference, RunOrt(model with { Weights = weights }, Tokens), Batch * Seq);
        Assert.True(diff > 1e-3 * reference.Max(MathF.Abs), $"a 1.5× gain change moved logits by only {diff}");
    }

    [Fact]
    public void Unsupported_models_are_refused_with_the_reason()
    {
        var model = SyntheticGpt.Create(new SyntheticGptOptions { Layers = 1, Dim = 16, Heads = 2, Hidden = 32, Vocab = 10, MaxSeq = 4, Placement = NormPlacement.Peri });
        var error = Assert.Throws<UsageException>(() => TransformerOnnxExporter.Export(model, 1, 2));
        Assert.Contains("Peri", error.Message);
    }
}
