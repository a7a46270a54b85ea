using NormLab.Training.Data;
using static NormLab.Training.Tests.FiniteDifference;

namespace NormLab.Training.Tests;

public class ModelTests
{
    private static readonly NormForm[] Forms = Enum.GetValues<NormForm>();

    public static TheoryData<NormForm> AllForms() => [.. Forms];

    /// <summary>The whole model's gradient (every parameter tensor, a few entries each) against float64 central differences.</summary>
    [Theory]
    [MemberData(nameof(AllForms))]
    public void Model_gradient_matches_finite_differences(NormForm form)
    {
        var cfg = new GptConfig(Channels: 8, Layers: 2, Heads: 2, Context: 6, form);
        var model = new Gpt<double>(cfg);
        model.Initialize(3);
        // larger weights than GPT-2's init so that every path carries a visible gradient
        var rng = new Rng(4);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += 0.3 * rng.Normal();
        int b = 2, t = 5;
        var data = TextData.Embedded();
        int[] x = new int[b * t], y = new int[b * t];
        data.TrainBatch(new Rng(1), b, t, x, y);
        double L() => model.Forward(x, y, b, t);
        L();
        model.Backward();
        var grads = (double[])model.Grads.Clone();
        var pick = new Rng(9);
        foreach (var s in model.Specs)
        {
            var indices = Enumerable.Range(0, 4).Select(_ => s.Offset + pick.Below(s.Length)).ToList();
            if (s.Name == "wte") indices = [.. x.Take(3).Select(tok => s.Offset + tok * cfg.Channels + pick.Below(cfg.Channels))];
            Grad($"{form} {s.Name}", model.Params, grads, indices, L, tol: 2e-6);
        }
    }

    [Fact]
    public void Gradient_of_the_mean_of_a_writer_is_zero_under_Pre_LN()
    {
        // LN ignores the stream's mean: the gradient of each writer row is itself zero-mean (to rounding).
        var model = new Gpt<double>(new GptConfig(8, 2, 2, 6, NormForm.PreLN));
        model.Initialize(5);
        var data = TextData.Embedded();
        int[] x = new int[10], y = new int[10];
        data.TrainBatch(new Rng(2), 2, 5, x, y);
        model.Forward(x, y, 2, 5);
        model.Backward();
        foreach (var s in model.Writers())
            for (int r = 0; r < s.Rows; r++)
                Assert.True(Math.Abs(model.G(s).Slice(r * s.Cols, s.Cols).ToArray().Sum()) < 1e-15, s.Name);
    }

    [Fact]
    public void Training_is_bit_identical_run_to_run_in_float32_with_parallel_matmuls()
    {
        double[] Run()
        {
            var model = new Gpt<float>(new GptConfig(64, 2, 4, 32, NormForm.PreLN));
            model.Initialize(11);
            var trainer = new Trainer<float>(model, TextData.Embedded(), new TrainOptions(8, 32, 6, 3e-3));
            return [.. Enumerable.Range(0, 6).Select(_ => trainer.Step().Loss)];
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), b.Select(BitConverter.DoubleToInt64Bits));
        Assert.True(a[^1] < a[0], "the loss falls");
    }

    [Fact]
    public void Equivalence_in_training_holds_with_P_and_parts_without_it()
    {
        var cfg = new GptConfig(16, 2, 2, 16, NormForm.PreLN);
        var opts = new TrainOptions(4, 16, 20, 1e-2);
        var data = TextData.Embedded();
        Trainer<double> Make(NormForm form)
        {
            var m = new Gpt<double>(cfg with { Form = form });
            var reference = new Gpt<double>(cfg);
            reference.Initialize(21);
            m.CopyFrom(reference);
            if (form == NormForm.PreRms) m.RecenterWriters();
            return new Trainer<double>(m, data, opts);
        }
        var ln = Make(NormForm.PreLN);
        var rmsP = Make(NormForm.PreRmsP);
        var crms = Make(NormForm.PreCRms);
        var rms = Make(NormForm.PreRms);
        double worstP = 0, worstC = 0, lastPlain = 0;
        for (int s = 0; s < opts.Steps; s++)
        {
            double l = ln.Step().Loss;
            worstP = Math.Max(worstP, Math.Abs(rmsP.Step().Loss - l) / l);
            worstC = Math.Max(worstC, Math.Abs(crms.Step().Loss - l) / l);
            lastPlain = Math.Abs(rms.Step().Loss - l) / l;
        }
        Assert.True(worstP < 1e-12, $"Pre-RMSNorm + P parts from Pre-LN by {worstP:E2}");
        Assert.True(worstC < 1e-12, $"Pre-CRMSNorm parts from Pre-LN by {worstC:E2}");
        Assert.True(lastPlain > 1e-6, $"Pre-RMSNorm without P should part, but differs by only {lastPlain:E2}");
        // and the parameters are the same (P forms keep the Pre-LN parameters themselves)
        double maxDiff = ln.Model.Params.Zip(crms.Model.Params, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-10, $"parameters differ by {maxDiff:E2}");
    }

    [Fact]
    public void Float32_model_follows_the_float64_model()
    {
        foreach (var form in new[] { NormForm.PreLN, NormForm.PreCRms, NormForm.PeriLN })
        {
            var cfg = new GptConfig(32, 2, 2, 16, form);
            var m64 = new Gpt<double>(cfg);
            m64.Initialize(1);
            var m32 = new Gpt<float>(cfg);
            m32.CopyFrom(m64);
            var data = TextData.Embedded();
            int[] x = new int[64], y = new int[64];
            data.TrainBatch(new Rng(3), 4, 16, x, y);
            double l64 = m64.Forward(x, y, 4, 16), l32 = m32.Forward(x, y, 4, 16);
            Assert.True(Math.Abs(l64 - l32) < 1e-5 * l64, $"{form}: {l32} vs {l64}");
            Assert.True(Math.Abs(l64 - Math.Log(256)) < 0.1, "a fresh model predicts nearly uniformly");
        }
    }

    [Fact]
    public void Embedded_text_split_and_Brown_untagging()
    {
        var data = TextData.Embedded();
        Assert.Equal(data.Train.Length + data.HeldOut.Length, 6 * data.HeldOut.Length / 6 + data.Train.Length);
        Assert.InRange(data.HeldOut.Length / (double)(data.Train.Length + data.HeldOut.Length), 0.09, 0.11);
        var sb = new System.Text.StringBuilder();
        BrownCorpus.Untag("\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ./.\n", sb);
        Assert.Equal("The Fulton jury said .\n", sb.ToString());
    }
}
