using System.Diagnostics;
using MathNet.Numerics;
using NormLab.Models.Depth;
using NormLab.Training.Data;

namespace NormLab.Training.Studies;

public sealed record DepthOptions(string Profile, int Channels, int Heads, int[] Depths, ulong[] Seeds, TrainOptions Train, int EvalBatches)
{
    public static DepthOptions Named(string profile) => profile switch
    {
        "full" => new("full", 64, 4, [12, 24], [1, 2, 3], new TrainOptions(8, 64, 2000, 2e-3), 32),
        _ => new("quick", 32, 2, [12, 24], [1], new TrainOptions(8, 32, 500, 1e-2), 8),
    };
}

/// <summary>A least-squares fit of variance against layer: linear a + b·ℓ or exponential a·e^(b·ℓ), R² on the variance itself.</summary>
public sealed record GrowthFit(string Kind, double A, double B, double RSquared);

public sealed record DepthRun(string Form, string Label, int Depth, ulong Seed, double HeldOutBpc, double InitialBpc,
    double[] VarianceAtInit, double[] VarianceTrained, double[] AngularDistanceAtInit, double[] AngularDistanceTrained,
    double[] PruneDeltaBpc, IReadOnlyList<GrowthFit> FitsAtInit, IReadOnlyList<GrowthFit> FitsTrained, double[] Loss);

public sealed record DepthDocument(StudyHeader Header, int Channels, int Heads, TrainOptions Train, string Definitions, IReadOnlyList<DepthRun> Runs);

/// <summary>
/// Pre-LN against Pre-LN + LayerNorm Scaling at depths 12 and 24, same budget and seeds: held-out bits per
/// character; per-layer variance of the residual stream (entry ℓ = 0 and after each block) at init and
/// after training, with linear and exponential fits (MathNet.Numerics Fit.Line / Fit.Exponential,
/// GoodnessOfFit.RSquared); angular distance per block; and the held-out bpc increase when each single
/// block is removed (the Curse of Depth's pruning figure).
/// </summary>
public static class DepthStudy
{
    public static DepthDocument Run(DepthOptions o, TextData data, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var runs = new List<DepthRun>();
        foreach (int depth in o.Depths)
            foreach (var seed in o.Seeds)
                foreach (var form in new[] { NormForm.PreLN, NormForm.PreLNScaled })
                {
                    runs.Add(One(o, data, form, depth, seed));
                    var r = runs[^1];
                    log?.Invoke($"depth {depth} {form.Label()} seed {seed}: held-out {r.HeldOutBpc:F3} bpc; prune Δ deep half {DeepHalf(r):F4}");
                }
        string verdict = Verdict(o, runs);
        return new DepthDocument(StudyHeader.Create("depth", o.Profile, verdict, data, clock.Elapsed.TotalSeconds), o.Channels, o.Heads, o.Train,
            "variance: per token the biased variance over features, averaged over the held-out tokens of batch 0, at the entry (ℓ = 0) and after each block; " +
            "angular distance: arccos(cos(x_ℓ−1, x_ℓ))/π per token, averaged; prune Δ: held-out bpc with block ℓ skipped minus the full model's",
            runs);
    }

    private static double DeepHalf(DepthRun r) => r.PruneDeltaBpc.Skip(r.Depth / 2).Average();
    private static double ShallowHalf(DepthRun r) => r.PruneDeltaBpc.Take(r.Depth / 2).Average();

    private static string Verdict(DepthOptions o, List<DepthRun> runs)
    {
        var parts = new List<string>();
        bool lnsBetter = true, lnsDeepMatters = true;
        foreach (int depth in o.Depths)
        {
            var ln = runs.Where(r => r.Depth == depth && r.Form == NormForm.PreLN.Key()).ToList();
            var lns = runs.Where(r => r.Depth == depth && r.Form == NormForm.PreLNScaled.Key()).ToList();
            double bLn = ln.Average(r => r.HeldOutBpc), bLns = lns.Average(r => r.HeldOutBpc);
            double dLn = ln.Average(DeepHalf), dLns = lns.Average(DeepHalf);
            double gLn = ln.Average(r => r.VarianceTrained[^1] / r.VarianceTrained[0]), gLns = lns.Average(r => r.VarianceTrained[^1] / r.VarianceTrained[0]);
            lnsBetter &= bLns < bLn;
            lnsDeepMatters &= dLns > dLn;
            parts.Add($"depth {depth}: held-out {bLn:F3} (Pre-LN) vs {bLns:F3} bpc (LNS), removing a deep-half block costs {dLn:F4} vs {dLns:F4} bpc, " +
                $"trained variance grows {gLn:F1}× vs {gLns:F1}× from entry to last block");
        }
        string claim = lnsBetter && lnsDeepMatters ? "Reproduces" : lnsBetter || lnsDeepMatters ? "Partly reproduces" : "Does not reproduce";
        return $"{claim} at this scale ({o.Train.Steps} steps, d {o.Channels}): " + string.Join("; ", parts) + ".";
    }

    private static DepthRun One(DepthOptions o, TextData data, NormForm form, int depth, ulong seed)
    {
        var cfg = new GptConfig(o.Channels, depth, o.Heads, o.Train.Seq, form);
        var model = new Gpt<float>(cfg);
        model.Initialize(seed);
        var trainer = new Trainer<float>(model, data, o.Train with { DataSeed = seed + 100 });
        var (varInit, angInit) = Profile(model, data, o);
        double initialBpc = trainer.HeldOutBpc(o.EvalBatches);
        var loss = new double[o.Train.Steps];
        for (int s = 0; s < o.Train.Steps; s++) loss[s] = StudyJson.R(trainer.Step().Loss, 5);
        var (varTrained, angTrained) = Profile(model, data, o);
        double bpc = trainer.HeldOutBpc(o.EvalBatches);
        var prune = new double[depth];
        for (int l = 0; l < depth; l++)
        {
            var skip = Enumerable.Range(0, depth).Select(i => i == l).ToArray();
            prune[l] = StudyJson.R(trainer.HeldOutBpc(o.EvalBatches, skip) - bpc, 5);
        }
        return new DepthRun(form.Key(), form.Label(), depth, seed, StudyJson.R(bpc, 5), StudyJson.R(initialBpc, 5),
            [.. varInit.Select(v => StudyJson.S(v, 5))], [.. varTrained.Select(v => StudyJson.S(v, 5))], angInit, angTrained, prune,
            Fits(varInit), Fits(varTrained), loss);
    }

    /// <summary>Variance at the entry and after each block, and angular distance per block, on held-out batch 0.</summary>
    private static (double[] Variance, double[] Angular) Profile(Gpt<float> model, TextData data, DepthOptions o)
    {
        int b = o.Train.Batch, t = o.Train.Seq, w = model.Config.Stream, l = model.Config.Layers;
        int[] x = new int[b * t], y = new int[b * t];
        data.HeldOutBatch(0, o.EvalBatches, b, t, x, y);
        model.Forward(x, y, b, t);
        var streams = Enumerable.Range(0, l + 1).Select(i => StreamStats.ToDouble(model.Residual(i))).ToArray();
        var variance = streams.Select(s => StreamMetrics.Variance(s, b * t, w)).ToArray();
        var angular = Enumerable.Range(1, l).Select(i => StudyJson.R(StreamMetrics.AngularDistance(streams[i - 1], streams[i], b * t, w), 5)).ToArray();
        return (variance, angular);
    }

    /// <summary>Fits over the blocks' outputs ℓ = 1..L.</summary>
    public static IReadOnlyList<GrowthFit> Fits(double[] variance)
    {
        double[] xs = [.. Enumerable.Range(1, variance.Length - 1).Select(i => (double)i)];
        double[] ys = variance[1..];
        var (a, b) = Fit.Line(xs, ys);
        double rLin = GoodnessOfFit.RSquared(xs.Select(x => a + b * x), ys);
        var (ea, eb) = Fit.Exponential(xs, ys);
        double rExp = GoodnessOfFit.RSquared(xs.Select(x => ea * Math.Exp(eb * x)), ys);
        return [new GrowthFit("linear", StudyJson.S(a, 5), StudyJson.S(b, 5), StudyJson.R(rLin, 5)),
            new GrowthFit("exponential", StudyJson.S(ea, 5), StudyJson.S(eb, 5), StudyJson.R(rExp, 5))];
    }
}
