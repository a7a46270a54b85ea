using NormLab.Errors;
using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Forward;
using NormLab.Models.Verification;
using Xunit;

namespace NormLab.Models.Tests;

public class ConversionTests
{
    private const double Exact = 1e-12;

    public static TheoryData<string> SmallModels() =>
        ["gpt-gelu", "gpt-swiglu", "gpt-lns", "external-stem-untied", "external-stem-headless"];

    private static NeutralModel Small(string kind) => kind switch
    {
        "gpt-gelu" => TestModels.SmallGpt(),
        "gpt-swiglu" => TestModels.SmallGpt(mlp: MlpKind.SwiGlu, seed: 11),
        "gpt-lns" => TestModels.SmallGpt(layers: 4, layerScaling: true, seed: 13),
        "external-stem-untied" => TestModels.SmallGpt(stem: StemKind.External, head: HeadKind.Untied, seed: 17),
        _ => TestModels.SmallGpt(stem: StemKind.External, head: HeadKind.None, seed: 19),
    };

    [Theory]
    [MemberData(nameof(SmallModels))]
    public void Every_converted_form_of_a_small_seeded_model_is_the_same_function_in_float64(string kind)
    {
        var model = Small(kind);
        var target = new VerificationTarget(model, TestModels.InputFor(model));
        var rows = new ModelVerifier(target).Run().Where(r => r.Precision == Precisions.Float64).ToList();
        var variants = rows.Select(r => r.Variant).Distinct().ToList();
        Assert.Contains("pre-rmsnorm", variants);
        Assert.Contains("flashnorm", variants);
        Assert.Contains("pre-crmsnorm", variants);
        if (model.Config.LayerScaling) Assert.Contains("fold-lns", variants);
        Assert.All(rows, r => Assert.True(r.MaxRelErr <= Exact, $"{r.Variant} {r.Layer}: rel err {r.MaxRelErr:E2}"));
        Assert.All(rows.Where(r => r.Top1Agreement is not null), r => Assert.Equal(1.0, r.Top1Agreement));
    }

    [Fact]
    public void Float32_forms_stay_within_the_stated_multiple_of_float32_rounding()
    {
        var model = TestModels.SmallGpt(layers: 4);
        var rows = new ModelVerifier(new VerificationTarget(model, TestModels.InputFor(model))).Run()
            .Where(r => r.Precision == Precisions.Float32).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.Pass, $"{r.Variant} {r.Layer}: {r.MaxRelErr:E2}"));
        Assert.All(rows, r => Assert.True(r.MaxRelErr > 0)); // really float32: not bit-equal to the float64 truth
    }

    [Fact]
    public void Stories260K_rmsnorm_only_and_flashnorm_forms_give_the_same_logits()
    {
        var model = TestModels.Stories260K();
        var input = ForwardInput.FromTokens(TestModels.Tokens);
        var reference = ModelForward.Float64(model).Run(input).Output;
        var variants = ConversionPlan.Variants(model.Config);
        Assert.Equal(["pre-rmsnorm", "flashnorm"], variants.Select(v => v.Variant));
        foreach (var (name, steps) in variants)
        {
            var logits = ModelForward.Float64(ConversionPlan.Apply(model, steps)).Run(input).Output;
            var m = OutputErrors.Compare(logits, reference, model.Config.Vocab, logits: true);
            Assert.True(m.MaxRelErr <= Exact, $"{name}: {m.MaxRelErr:E2}");
            Assert.Equal(1.0, m.Top1Agreement);
        }
    }

    [Fact]
    public void Stories260K_greedy_continuation_of_64_tokens_is_identical_for_every_form()
    {
        var model = TestModels.Stories260K();
        int[] prompt = [1, 403, 407, 261];
        var expected = GreedyDecoder.Continue(ModelForward.Float64(model), prompt, 64);
        Assert.True(expected.Distinct().Count() > 8, "a trained model continues with varied tokens");
        foreach (var (name, steps) in ConversionPlan.Variants(model.Config))
        {
            var form = ConversionPlan.Apply(model, steps);
            Assert.Equal(expected, GreedyDecoder.Continue(ModelForward.Float64(form), prompt, 64));
        }
    }

    [Fact]
    public void FlashNorm_form_never_forms_a_normalized_reader_input()
    {
        var model = TestModels.Stories260K();
        var flash = ConversionPlan.Apply(model, ConversionPlan.To("flashnorm", model.Config));
        Assert.True(flash.Config.DeferredNorm);
        Assert.DoesNotContain(flash.Weights.Names, TensorNames.IsNormParameter);
        var sites = new SiteRecorder<double>();
        ModelForward.Float64(flash).Run(ForwardInput.FromTokens(TestModels.Tokens), sites);
        Assert.Empty(sites.Sites);
        var plain = new SiteRecorder<double>();
        ModelForward.Float64(model).Run(ForwardInput.FromTokens(TestModels.Tokens), plain);
        Assert.Equal(2 * model.Config.Layers, plain.Sites.Count(s => s != NormSite.Final));
    }

    [Fact]
    public void Pre_CRMSNorm_form_keeps_a_d_minus_1_stream_whose_decompression_is_the_centered_original()
    {
        var model = TestModels.SmallGpt();
        var crms = ConversionPlan.Apply(model, ConversionPlan.To("pre-crmsnorm", model.Config));
        Assert.Equal(model.Config.Dim - 1, crms.Config.StreamDim);
        Assert.Equal([model.Config.Vocab, model.Config.Dim - 1], crms.Weights.Load(TensorNames.TokenEmbedding).Shape);
        var widths = new SiteRecorder<double>();
        ModelForward.Float64(crms).Run(ForwardInput.FromTokens(TestModels.SmallTokens), widths);
        Assert.All(widths.Widths, w => Assert.Equal(model.Config.Dim - 1, w));
    }

    [Fact]
    public void Recentering_makes_the_stream_zero_mean_at_every_block()
    {
        var model = TestModels.SmallGpt();
        var centered = new RecenterMainBranch().Apply(model);
        var streams = new SiteRecorder<double>();
        ModelForward.Float64(centered).Run(ForwardInput.FromTokens(TestModels.SmallTokens), streams);
        Assert.Equal(model.Config.Layers, streams.MaxRowMeans.Count);
        Assert.All(streams.MaxRowMeans, m => Assert.True(m < 1e-15, $"row mean {m:E2}"));
        var original = new SiteRecorder<double>();
        ModelForward.Float64(model).Run(ForwardInput.FromTokens(TestModels.SmallTokens), original);
        Assert.All(original.MaxRowMeans, m => Assert.True(m > 1e-4)); // the original stream is not centered: the step does work
    }

    [Fact]
    public void Tied_head_claim_untying_keeps_logits_exact_keeping_it_tied_would_not_even_keep_probabilities()
    {
        // Claim (SPEC 4): we untie — head.weight is the original table — so logits are exact (the
        // theory above checks it). Keeping the recentered table tied shifts logit v by −μ_v·Σ_i z_i
        // (μ_v: the removed row mean, z: final-norm output): a per-vocab, not per-position, shift.
        var model = TestModels.SmallGpt();
        var recentered = new RecenterMainBranch().Apply(model);
        Assert.Equal(HeadKind.Untied, recentered.Config.Head);
        var stillTied = recentered with { Config = recentered.Config with { Head = HeadKind.Tied } };
        var input = ForwardInput.FromTokens(TestModels.SmallTokens);
        var z = new FinalNormCapture();
        var exact = ModelForward.Float64(model).Run(input, z).Output;
        var tied = ModelForward.Float64(stillTied).Run(input).Output;
        var table = model.Weights.Load(TensorNames.TokenEmbedding).Data;
        int d = model.Config.Dim, v = model.Config.Vocab;
        for (int r = 0; r < TestModels.SmallTokens.Length; r++)
        {
            double sumZ = z.Output.AsSpan(r * d, d).ToArray().Sum();
            for (int t = 0; t < v; t++)
            {
                double mu = table.AsSpan(t * d, d).ToArray().Average();
                Assert.Equal(exact[r * v + t] - mu * sumZ, tied[r * v + t], 1e-12);
            }
        }
        Assert.True(OutputErrors.Compare(tied, exact, v, logits: true).MaxKl > 1e-8);
    }

    [Fact]
    public void Conversions_refuse_models_they_do_not_apply_to()
    {
        var peri = TestModels.SmallGpt(placement: NormPlacement.Peri);
        Assert.Contains("Peri", Assert.Throws<InvalidOperationException>(() => new RecenterMainBranch().Apply(peri)).Message);
        var stories = TestModels.Stories260K();
        Assert.Contains("recenter", Assert.Throws<UsageException>(() => ConversionPlan.To("pre-crmsnorm", stories.Config)).Message);
        Assert.Throws<InvalidOperationException>(() => new FoldNormsIntoReaders().Apply(TestModels.SmallGpt())); // LN not yet zero-mean
        Assert.Throws<UsageException>(() => ConversionPlan.To("postln", stories.Config));
    }

    private sealed class SiteRecorder<T> : ForwardObserver<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        public readonly List<NormSite> Sites = [];
        public readonly List<int> Widths = [];
        public readonly List<double> MaxRowMeans = [];
        public override void OnNorm(int layer, NormSite site, ReadOnlySpan<T> output, int rows, int width)
        {
            Sites.Add(site);
            Widths.Add(width);
        }

        public override void OnBlock(int layer, ReadOnlySpan<T> before, ReadOnlySpan<T> after, int rows, int width)
        {
            Widths.Add(width);
            double max = 0;
            for (int r = 0; r < rows; r++)
            {
                double mean = 0;
                for (int j = 0; j < width; j++) mean += double.CreateTruncating(after[r * width + j]);
                max = Math.Max(max, Math.Abs(mean / width));
            }
            MaxRowMeans.Add(max);
        }
    }

    private sealed class FinalNormCapture : ForwardObserver<double>
    {
        public double[] Output = [];
        public override void OnNorm(int layer, NormSite site, ReadOnlySpan<double> output, int rows, int width)
        {
            if (site == NormSite.Final) Output = output.ToArray();
        }
    }
}
