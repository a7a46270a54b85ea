using System.Diagnostics;
using System.Runtime.Intrinsics;
using NormLab.Training.Data;
using NormLab.Training.Ops;

namespace NormLab.Training.Studies;

public sealed record SpeedOptions(string Profile, GptConfig Model, TrainOptions Train, int Rounds, int StepsPerTiming)
{
    public static SpeedOptions Named(string profile) => profile switch
    {
        "full" => new("full", new GptConfig(128, 6, 4, 128, NormForm.PreLN), new TrainOptions(8, 128, 0, 1e-3), 11, 5),
        _ => new("quick", new GptConfig(64, 4, 4, 64, NormForm.PreLN), new TrainOptions(8, 64, 0, 1e-3), 9, 4),
    };
}

public sealed record SpeedForm(string Form, string Label, double MedianStepMs, double MedianRatio, double MinRatio, double MaxRatio,
    double[] Ratios, double MatmulGflops);

public sealed record GemmRate(int M, int K, int N, bool Parallel, double Gflops, double PercentOfPeak);

public sealed record SpeedDocument(StudyHeader Header, GptConfig Model, TrainOptions Train, int Rounds, int StepsPerTiming,
    double PeakGflops, string PeakFormula, IReadOnlyList<GemmRate> Gemm, IReadOnlyList<SpeedForm> Forms, string PaperClaims);

/// <summary>
/// Step time (forward + backward + clip + AdamW) of every form in float32, one model per form, timed in
/// interleaved rounds (the order rotated each round) so a ratio to Pre-LN compares times taken
/// moments apart; median and min–max of the per-round ratios. Plus the GEMM kernel's GFLOP/s at
/// the model's shapes and a large square one, against the FMA peak.
/// </summary>
public static class SpeedStudy
{
    private static readonly NormForm[] Forms = Enum.GetValues<NormForm>();

    public static SpeedDocument Run(SpeedOptions o, TextData data, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        double ghz = StudyHeader.CpuGhz();
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;
        int cores = Environment.ProcessorCount;
        double peak = cores * ghz * 2 * lanes * 2;
        string formula = $"{cores} cores × {ghz:F2} GHz × 2 FMA units × {lanes} float32 lanes × 2 flops";
        var gemm = GemmRates(o, peak, log);

        var trainers = Forms.Select(f =>
        {
            var m = new Gpt<float>(o.Model with { Form = f });
            m.Initialize(1);
            return new Trainer<float>(m, data, o.Train with { Steps = 1000 });
        }).ToArray();
        foreach (var t in trainers) for (int i = 0; i < 3; i++) t.Step(); // warm-up: jit, buffers
        var times = Forms.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < o.Rounds; round++)
        {
            for (int j = 0; j < Forms.Length; j++)
            {
                int f = (j + round) % Forms.Length;
                var sw = Stopwatch.StartNew();
                for (int s = 0; s < o.StepsPerTiming; s++) trainers[f].Step();
                times[f].Add(sw.Elapsed.TotalMilliseconds / o.StepsPerTiming);
            }
            log?.Invoke($"speed round {round + 1}/{o.Rounds}: " + string.Join(", ", Forms.Select((f, i) => $"{f.Label()} {times[i][^1]:F1} ms")));
        }
        double flops = MatmulFlopsPerStep(o);
        var rows = Forms.Select((f, i) =>
        {
            var ratios = times[i].Select((t, r) => t / times[0][r]).ToArray();
            double med = Median(times[i]);
            return new SpeedForm(f.Key(), f.Label(), StudyJson.R(med, 3), StudyJson.R(Median(ratios), 4), StudyJson.R(ratios.Min(), 4),
                StudyJson.R(ratios.Max(), 4), [.. ratios.Select(v => StudyJson.R(v, 4))], StudyJson.R(flops / (med * 1e6), 2));
        }).ToList();
        SpeedForm F(NormForm f) => rows.First(r => r.Form == f.Key());
        var best = gemm.MaxBy(g => g.Gflops)!;
        string verdict =
            $"At d {o.Model.Channels} × {o.Model.Layers} layers (float32, medians of interleaved same-run ratios): Pre-RMSNorm + P takes " +
            $"{F(NormForm.PreRmsP).MedianRatio:F3}× Pre-LN's step time (range {F(NormForm.PreRmsP).MinRatio:F3}–{F(NormForm.PreRmsP).MaxRatio:F3}), " +
            $"Pre-RMSNorm without P {F(NormForm.PreRms).MedianRatio:F3}×, Pre-CRMSNorm {F(NormForm.PreCRms).MedianRatio:F3}×, " +
            $"so the RMSNorm paper's 7–64 % {(F(NormForm.PreRms).MedianRatio <= 0.93 ? "reproduces" : "does not reproduce")} here and the CRMSNorm paper's 1–10 % " +
            $"{(F(NormForm.PreCRms).MedianRatio is <= 0.99 and >= 0.9 ? "reproduces" : "does not reproduce")}; " +
            $"the GEMM reaches {best.Gflops:F1} GFLOP/s ({best.PercentOfPeak:F0} % of the {peak:F0} GFLOP/s FMA peak) at {best.M}×{best.K}×{best.N}, " +
            $"a Pre-LN step {F(NormForm.PreLN).MatmulGflops:F1} GFLOP/s of matmul work.";
        return new SpeedDocument(StudyHeader.Create("speed", o.Profile, verdict, data, clock.Elapsed.TotalSeconds), o.Model, o.Train, o.Rounds,
            o.StepsPerTiming, StudyJson.R(peak, 1), formula, gemm, rows,
            "RMSNorm (Zhang & Sennrich 2019): 7–64 % faster training steps than LayerNorm; Pre-CRMSNorm (Jiang et al. 2023): 1–10 % faster than Pre-LN.");
    }

    /// <summary>2·N·K·OC per linear layer, three GEMMs each (forward, dinput, dweight).</summary>
    public static double MatmulFlopsPerStep(SpeedOptions o)
    {
        int c = o.Model.Channels, n = o.Train.Batch * o.Train.Seq;
        double perLayer = (double)c * 3 * c + c * c + c * 4 * c + 4 * c * c;
        return 3 * 2.0 * n * (o.Model.Layers * perLayer + c * o.Model.Vocab);
    }

    private static List<GemmRate> GemmRates(SpeedOptions o, double peak, Action<string>? log)
    {
        int c = o.Model.Channels, n = o.Train.Batch * o.Train.Seq;
        var shapes = new List<(int M, int K, int N)> { (n, c, 3 * c), (n, c, 4 * c), (n, 4 * c, c), (n, c, o.Model.Vocab), (512, 512, 512) }.Distinct().ToList();
        var result = new List<GemmRate>();
        foreach (var (m, k, nn) in shapes)
            foreach (bool parallel in new[] { false, true })
            {
                var rng = new Rng(3);
                float[] a = [.. Enumerable.Range(0, m * k).Select(_ => (float)rng.Normal())], b = [.. Enumerable.Range(0, k * nn).Select(_ => (float)rng.Normal())];
                var cc = new float[m * nn];
                Gemm<float>.ForceSerial = !parallel;
                try
                {
                    double flops = 2.0 * m * k * nn;
                    int reps = Math.Max(3, (int)(2e8 / flops));
                    Gemm<float>.Multiply(a, b, cc, m, k, nn, false);
                    double best = double.MaxValue;
                    for (int trial = 0; trial < 5; trial++)
                    {
                        var sw = Stopwatch.StartNew();
                        for (int r = 0; r < reps; r++) Gemm<float>.Multiply(a, b, cc, m, k, nn, false);
                        best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
                    }
                    double g = flops / best / 1e9;
                    result.Add(new GemmRate(m, k, nn, parallel, StudyJson.R(g, 2), StudyJson.R(100 * g / peak, 1)));
                    log?.Invoke($"gemm {m}×{k}×{nn} {(parallel ? "parallel" : "1 core")}: {g:F1} GFLOP/s");
                }
                finally
                {
                    Gemm<float>.ForceSerial = false;
                }
            }
        return result;
    }

    public static double Median(IEnumerable<double> values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
