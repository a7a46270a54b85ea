using System.Globalization;
using System.Text;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Sections;

/// <summary>
/// Training at toy scale (`normlab train --study …`): the four studies' verdicts, tables and figures,
/// read from reports/data/training-*.json only.
/// </summary>
public sealed class TrainingSection : IReportSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("## Training at toy scale (`normlab train`)\n\n");
        var t = inputs.Training ?? new TrainingInputs(null, null, null, null);
        if (!t.Any)
            return text.Append(Missing.Data(TrainingInputs.EquivalenceFile, "normlab train --study equivalence --quick")).ToString();
        text.Append("A GPT-2-style decoder trained on the CPU (every op's backward written out, the norms through the lab's kernels), ")
            .Append("byte-level tokens, loss in bits per character on a fixed held-out split (the last 10 % of the text). ")
            .Append("Each study states whether the paper's claim reproduces at this scale.\n\n");
        var captions = TrainingFigures.For(t).ToDictionary(f => f.Figure.Stem);
        string Fig(string stem) => captions.TryGetValue(stem, out var f) ? figures.Add(f.Figure, f.Caption) + "\n" : "";

        text.Append("### Equivalence in training\n\n");
        if (t.Equivalence is { } eq)
        {
            Header(text, eq.Header, $"d {eq.Model.Channels}, {eq.Model.Layers} layers, {eq.Train.Steps} AdamW steps, batch {eq.Train.Batch} × {eq.Train.Seq}; {eq.Method}");
            var table = new MarkdownTable("precision", "form", "max loss rel. diff", "final loss rel. diff", "max param diff", "final param diff").AlignRightFrom(2);
            foreach (var p in eq.Precisions)
                foreach (var f in p.Forms)
                    table.Add(p.Precision, f.Label, E(f.MaxLossRelDiff), E(f.FinalLossRelDiff), E(f.MaxParamRelDiff), E(f.FinalParamRelDiff));
            text.Append(table).Append('\n');
            foreach (var p in eq.Precisions) text.Append(Fig($"training-equivalence-{p.Precision}"));
        }
        else text.Append(Missing.Data(TrainingInputs.EquivalenceFile, "normlab train --study equivalence --quick"));

        text.Append("### Step time\n\n");
        if (t.Speed is { } sp)
        {
            Header(text, sp.Header, $"d {sp.Model.Channels}, {sp.Model.Layers} layers, batch {sp.Train.Batch} × {sp.Train.Seq}, float32, {sp.Rounds} interleaved rounds; {sp.PaperClaims}");
            var table = new MarkdownTable("form", "median step (ms)", "ratio to Pre-LN (median)", "min–max", "matmul GFLOP/s").AlignRightFrom(1);
            foreach (var f in sp.Forms)
                table.Add(f.Label, Fixed(f.MedianStepMs, 1), Fixed(f.MedianRatio, 3), $"{Fixed(f.MinRatio, 3)}–{Fixed(f.MaxRatio, 3)}", Fixed(f.MatmulGflops, 1));
            text.Append(table).Append('\n');
            text.Append($"GEMM kernel (float32) against the FMA peak of {Fixed(sp.PeakGflops, 0)} GFLOP/s ({sp.PeakFormula}):\n\n");
            var gemm = new MarkdownTable("M × K × N", "threads", "GFLOP/s", "% of peak").AlignRightFrom(2);
            foreach (var g in sp.Gemm)
                gemm.Add($"{g.M} × {g.K} × {g.N}", g.Parallel ? "all cores" : "1 core", Fixed(g.Gflops, 1), Fixed(g.PercentOfPeak, 1));
            text.Append(gemm).Append('\n').Append(Fig("training-speed"));
        }
        else text.Append(Missing.Data(TrainingInputs.SpeedFile, "normlab train --study speed --quick"));

        text.Append("### Curse of Depth: Pre-LN vs Pre-LN + LayerNorm Scaling\n\n");
        if (t.Depth is { } de)
        {
            Header(text, de.Header, $"d {de.Channels}, {de.Heads} heads, {de.Train.Steps} steps, batch {de.Train.Batch} × {de.Train.Seq}, peak lr {de.Train.LearningRate.ToString("G3", Invariant)}; {de.Definitions}");
            var table = new MarkdownTable("form", "depth", "seed", "held-out bpc", "variance entry → last (init)", "(trained)",
                "trained fit R²: linear / exp", "mean Δbpc removing a block: first half / second half").AlignRightFrom(1);
            foreach (var r in de.Runs)
            {
                var lin = r.FitsTrained.FirstOrDefault(f => f.Kind == "linear");
                var exp = r.FitsTrained.FirstOrDefault(f => f.Kind == "exponential");
                int half = r.Depth / 2;
                table.Add(r.Label, r.Depth.ToString(Invariant), r.Seed.ToString(Invariant), Fixed(r.HeldOutBpc, 3),
                    $"{G(r.VarianceAtInit[0])} → {G(r.VarianceAtInit[^1])}", $"{G(r.VarianceTrained[0])} → {G(r.VarianceTrained[^1])}",
                    $"{Fixed(lin?.RSquared ?? double.NaN, 3)} / {Fixed(exp?.RSquared ?? double.NaN, 3)}",
                    $"{Fixed(r.PruneDeltaBpc.Take(half).DefaultIfEmpty().Average(), 4)} / {Fixed(r.PruneDeltaBpc.Skip(half).DefaultIfEmpty().Average(), 4)}");
            }
            text.Append(table).Append('\n')
                .Append(Fig("training-depth-variance")).Append(Fig("training-depth-prune")).Append(Fig("training-depth-angular"));
        }
        else text.Append(Missing.Data(TrainingInputs.DepthFile, "normlab train --study depth --quick"));

        text.Append("### Peri-LN stability\n\n");
        if (t.Peri is { } pe)
        {
            Header(text, pe.Header, $"d {pe.Model.Channels}, {pe.Model.Layers} layers, {pe.Train.Steps} steps, batch {pe.Train.Batch} × {pe.Train.Seq}; {pe.Definitions}");
            var table = new MarkdownTable("peak lr", "form", "seeds", "held-out bpc (mean [min–max])", "grad spikes (total)", "final hidden variance (mean)",
                "final max/median (mean)", "diverged").AlignRightFrom(2);
            foreach (var g in pe.Runs.GroupBy(r => (r.LearningRate, r.Label)))
            {
                var rs = g.ToList();
                table.Add(g.Key.LearningRate.ToString("G3", Invariant), g.Key.Label, rs.Count.ToString(Invariant),
                    $"{Fixed(rs.Average(r => r.HeldOutBpc), 3)} [{Fixed(rs.Min(r => r.HeldOutBpc), 3)}–{Fixed(rs.Max(r => r.HeldOutBpc), 3)}]",
                    rs.Sum(r => r.GradSpikes).ToString(Invariant), G(rs.Average(r => r.HiddenVariance[^1])), Fixed(rs.Average(r => r.HiddenMaxToMedian[^1]), 1),
                    rs.Count(r => r.Diverged).ToString(Invariant));
            }
            text.Append(table).Append('\n');
            foreach (var stem in captions.Keys.Where(k => k.StartsWith("training-peri-", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal))
                text.Append(Fig(stem));
        }
        else text.Append(Missing.Data(TrainingInputs.PeriFile, "normlab train --study peri --quick"));
        return text.ToString();
    }

    private static void Header(StringBuilder text, TrainingHeader h, string setup)
    {
        text.Append($"**Verdict.** {h.Verdict}\n\n");
        setup = setup.TrimEnd('.');
        text.Append($"Setup: {setup}. Data: {h.DataSource} ({h.TrainBytes.ToString("N0", Invariant)} training bytes, {h.HeldOutBytes.ToString("N0", Invariant)} held out). ")
            .Append($"Profile {h.Profile}, {h.WallSeconds.ToString("F0", Invariant)} s on {h.Cpu} ({h.Cores} cores), {h.DotNet}, commit {h.Commit}, {h.Date}.\n\n");
    }

    private static string E(double v) => v.ToString("0.0E+0", Invariant);
    private static string G(double v) => v.ToString("G3", Invariant);
    private static string Fixed(double v, int decimals) => double.IsFinite(v) ? v.ToString("F" + decimals, Invariant) : "–";
}
