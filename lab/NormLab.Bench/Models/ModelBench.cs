using System.Diagnostics;
using NormLab.Bench.Kernels;
using NormLab.Results;
using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Export;

namespace NormLab.Bench.Models;

/// <summary>
/// `normlab bench models`: each model exported in every form, all forms of one model and shape
/// loaded together and timed in alternating order (rotated each run), so the speedup over Pre-LN
/// is a same-run ratio. A run's time per form is the mean over calls filling
/// <see cref="ModelProfile.SecondsPerForm"/> (at least one call). Timed with a Stopwatch loop, not
/// BenchmarkDotNet: a prefill call lasts seconds on 2 cores, far beyond what its per-case
/// pilot/warm-up stages are for.
/// </summary>
public sealed class ModelBench(ModelProfile profile)
{
    public const int Seed = 20240601;

    public ModelBenchResult Run(IEnumerable<NeutralModel> models, IEnumerable<(int Batch, int Seq)> shapes, Action<string>? progress = null)
    {
        var rows = new List<ModelBenchRow>();
        var shapeList = shapes.ToArray();
        foreach (var model in models)
        {
            // The timed sessions feed token ids; the exporter also writes patch-stem ViTs, which take patches.
            if (model.Config.Stem != StemKind.TokenEmbedding)
                throw new UsageException($"bench models times token-stem GPT-style models; {model.Name} has a {model.Config.Stem} stem.");
            var forms = ModelForms.Of(model);
            foreach (var (batch, seq) in shapeList)
            {
                progress?.Invoke($"{model.Name} {batch}×{seq}: exporting {forms.Count} forms");
                var tokens = Tokens(batch, seq, model.Config.Vocab);
                var sessions = forms.Select(f => new OrtModelSession(TransformerOnnxExporter.Export(f.Model, batch, seq), tokens, batch, seq, model.Config.Vocab)).ToArray();
                try
                {
                    progress?.Invoke($"{model.Name} {batch}×{seq}: timing");
                    rows.AddRange(Time(model.Name, forms.Select(f => f.Form).ToArray(), sessions, batch, seq));
                }
                finally
                {
                    foreach (var s in sessions) s.Dispose();
                }
            }
        }
        return new ModelBenchResult(MachineCapture.Capture(), profile.Name, rows);
    }

    private IEnumerable<ModelBenchRow> Time(string model, string[] forms, OrtModelSession[] sessions, int batch, int seq)
    {
        foreach (var s in sessions) s.Run(); // warm-up: first-run allocations and kernel selection
        var differences = sessions.Select(s => MaxCenteredDifference(sessions[0].Logits, s.Logits, seq * batch)).ToArray();
        var times = new double[profile.Runs][];
        for (int run = 0; run < profile.Runs; run++)
        {
            times[run] = new double[sessions.Length];
            for (int k = 0; k < sessions.Length; k++)
            {
                int f = (k + run) % sessions.Length; // rotate who goes first
                times[run][f] = SecondsPerCall(sessions[f]);
            }
        }
        for (int f = 0; f < forms.Length; f++)
        {
            var speedups = Ratio.PerRound(times, 0, f);
            yield return new ModelBenchRow(model, forms[f], batch, seq, profile.Runs, 1e3 * Ratio.Median(times.Select(t => t[f])),
                Ratio.Median(speedups), speedups.Min(), speedups.Max(), differences[f]);
        }
    }

    private double SecondsPerCall(OrtModelSession session)
    {
        int calls = 0;
        var clock = Stopwatch.StartNew();
        do { session.Run(); calls++; } while (clock.Elapsed.TotalSeconds < profile.SecondsPerForm);
        return clock.Elapsed.TotalSeconds / calls;
    }

    /// <summary>
    /// Largest |Δ| between two forms' logits after removing each row's mean: a tied head may shift
    /// every logit of a row by one constant (SPEC point 4), which no probability sees.
    /// </summary>
    public static double MaxCenteredDifference(float[] a, float[] b, int rows)
    {
        int width = a.Length / rows;
        double max = 0;
        for (int r = 0; r < rows; r++)
        {
            var ra = a.AsSpan(r * width, width);
            var rb = b.AsSpan(r * width, width);
            double ma = 0, mb = 0;
            for (int j = 0; j < width; j++) { ma += ra[j]; mb += rb[j]; }
            (ma, mb) = (ma / width, mb / width);
            for (int j = 0; j < width; j++) max = Math.Max(max, Math.Abs(ra[j] - ma - (rb[j] - mb)));
        }
        return max;
    }

    private static long[] Tokens(int batch, int seq, int vocab)
    {
        var random = new Random(Seed);
        return Enumerable.Range(0, batch * seq).Select(_ => (long)random.Next(vocab)).ToArray();
    }
}

/// <summary>How many alternating runs, and how long each form is called per run.</summary>
public sealed record ModelProfile(string Name, int Runs, double SecondsPerForm)
{
    public static ModelProfile Quick { get; } = new("quick", Runs: 3, SecondsPerForm: 0.3);
    public static ModelProfile Full { get; } = new("full", Runs: 7, SecondsPerForm: 2.0);
}
