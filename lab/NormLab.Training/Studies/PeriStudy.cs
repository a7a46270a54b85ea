using System.Diagnostics;
using NormLab.Models.Depth;
using NormLab.Training.Data;

namespace NormLab.Training.Studies;

public sealed record PeriOptions(string Profile, GptConfig Model, TrainOptions Train, double[] LearningRates, ulong[] Seeds, int ProbeEvery, int EvalBatches)
{
    public static PeriOptions Named(string profile) => profile switch
    {
        "full" => new("full", new GptConfig(64, 6, 4, 64, NormForm.PreLN), new TrainOptions(8, 64, 1500, 3e-3), [3e-3, 3e-2], [1, 2, 3], 25, 32),
        _ => new("quick", new GptConfig(64, 4, 4, 64, NormForm.PreLN), new TrainOptions(4, 64, 400, 3e-3), [3e-3, 3e-2], [1, 2, 3], 25, 8),
    };
}

public sealed record PeriRun(string Form, string Label, double LearningRate, ulong Seed, double HeldOutBpc, double[] Loss, double[] GradNorm,
    int GradSpikes, int[] ProbeSteps, double[] HiddenVariance, double[] HiddenMaxToMedian, double[] HiddenMaxAbs, bool Diverged);

public sealed record PeriDocument(StudyHeader Header, GptConfig Model, TrainOptions Train, string Definitions, IReadOnlyList<PeriRun> Runs);

/// <summary>
/// Pre-LN against Peri-LN over seeds at a normal and a high peak learning rate: loss curves, gradient-norm
/// spikes (a step after warm-up whose pre-clip norm exceeds 4× the median of the 20 before it), and the
/// hidden state after the last block during training (variance, max |x| / median |x|: massive activations).
/// </summary>
public static class PeriStudy
{
    public static PeriDocument Run(PeriOptions o, TextData data, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var runs = new List<PeriRun>();
        foreach (double lr in o.LearningRates)
            foreach (var seed in o.Seeds)
                foreach (var form in new[] { NormForm.PreLN, NormForm.PeriLN })
                {
                    runs.Add(One(o, data, form, lr, seed));
                    var r = runs[^1];
                    log?.Invoke($"peri lr {lr} seed {seed} {form.Label()}: held-out {r.HeldOutBpc:F3} bpc, {r.GradSpikes} spikes, final max/median {r.HiddenMaxToMedian[^1]:F1}");
                }
        return new PeriDocument(StudyHeader.Create("peri", o.Profile, Verdict(o, runs), data, clock.Elapsed.TotalSeconds), o.Model, o.Train,
            "grad spike: a step past warm-up whose pre-clip global gradient norm exceeds 4× the median of the previous 20 steps; hidden state: the residual stream after the last block on the step's training batch, every probe step",
            runs);
    }

    private static string Verdict(PeriOptions o, List<PeriRun> runs)
    {
        var parts = new List<string>();
        bool stabler = true;
        foreach (double lr in o.LearningRates)
        {
            var ln = runs.Where(r => r.LearningRate == lr && r.Form == NormForm.PreLN.Key()).ToList();
            var peri = runs.Where(r => r.LearningRate == lr && r.Form == NormForm.PeriLN.Key()).ToList();
            double bLn = ln.Average(r => r.HeldOutBpc), bP = peri.Average(r => r.HeldOutBpc);
            double sdLn = Sd(ln.Select(r => r.HeldOutBpc)), sdP = Sd(peri.Select(r => r.HeldOutBpc));
            int sLn = ln.Sum(r => r.GradSpikes), sP = peri.Sum(r => r.GradSpikes);
            double mLn = ln.Average(r => r.HiddenMaxToMedian[^1]), mP = peri.Average(r => r.HiddenMaxToMedian[^1]);
            double vLn = ln.Average(r => r.HiddenVariance[^1]), vP = peri.Average(r => r.HiddenVariance[^1]);
            stabler &= bP <= bLn + 0.01 && sP <= sLn && vP <= vLn;
            parts.Add($"lr {lr:G}: held-out {bLn:F3} ± {sdLn:F3} (Pre-LN) vs {bP:F3} ± {sdP:F3} bpc (Peri-LN), grad spikes {sLn} vs {sP}, " +
                $"final hidden variance {vLn:G3} vs {vP:G3}, max/median {mLn:F1} vs {mP:F1}");
        }
        return $"{(stabler ? "Reproduces" : "Does not fully reproduce")} Peri-LN's claim (lower, steadier loss, fewer spikes, bounded hidden states) over {o.Seeds.Length} seeds at this scale: " +
            string.Join("; ", parts) + ".";
    }

    private static double Sd(IEnumerable<double> xs)
    {
        var a = xs.ToArray();
        if (a.Length < 2) return 0;
        double m = a.Average();
        return Math.Sqrt(a.Sum(v => (v - m) * (v - m)) / (a.Length - 1));
    }

    private static PeriRun One(PeriOptions o, TextData data, NormForm form, double lr, ulong seed)
    {
        var model = new Gpt<float>(o.Model with { Form = form });
        model.Initialize(seed);
        var trainer = new Trainer<float>(model, data, o.Train with { LearningRate = lr, DataSeed = seed + 200 });
        int steps = o.Train.Steps, rows = o.Train.Batch * o.Train.Seq, w = model.Config.Stream;
        var loss = new double[steps];
        var norms = new double[steps];
        var probes = new List<int>();
        var (variance, ratio, maxAbs) = (new List<double>(), new List<double>(), new List<double>());
        for (int s = 0; s < steps; s++)
        {
            var r = trainer.Step();
            (loss[s], norms[s]) = (StudyJson.R(r.Loss, 5), StudyJson.S(r.GradNorm, 5));
            if (s % o.ProbeEvery == 0 || s == steps - 1)
            {
                var h = StreamStats.ToDouble(model.Residual(model.Config.Layers));
                probes.Add(s);
                variance.Add(StudyJson.S(StreamMetrics.Variance(h, rows, w), 5));
                ratio.Add(StudyJson.S(StreamMetrics.MaxToMedian(h), 5));
                maxAbs.Add(StudyJson.S(StreamMetrics.MaxAbs(h), 5));
            }
        }
        int spikes = 0;
        for (int s = Math.Max(20, o.Train.WarmupSteps); s < steps; s++)
            if (norms[s] > 4 * SpeedStudy.Median(norms[(s - 20)..s])) spikes++;
        bool diverged = !double.IsFinite(loss[^1]) || loss[^1] > loss[0];
        double bpc = trainer.HeldOutBpc(o.EvalBatches);
        return new PeriRun(form.Key(), form.Label(), lr, seed, StudyJson.R(bpc, 5), loss, norms, spikes, [.. probes], [.. variance], [.. ratio], [.. maxAbs], diverged);
    }
}
