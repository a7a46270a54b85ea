using NormLab.Reports.Data;
using ScottPlot;

namespace NormLab.Reports.Figures;

/// <summary>
/// The Training section's figures, drawn from the training-*.json alone: equivalence residuals per step,
/// step-time ratios, depth variance / angular distance / pruning per layer, Peri-LN loss and gradient-norm
/// curves with seed bands. Log axes plot log10 of the values (ScottPlot has no native log axis).
/// </summary>
public static class TrainingFigures
{
    /// <summary>The figures of one study, for `normlab train --figures DIR`: writes DIR/STEM.png and .svg.</summary>
    public static IReadOnlyList<string> Write(string studyJson, string directory)
    {
        var all = For(TrainingInputs.LoadOne(studyJson));
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (figure, _) in all)
        {
            var plot = figure.Draw();
            string png = Path.Combine(directory, figure.Stem + ".png"), svg = Path.Combine(directory, figure.Stem + ".svg");
            plot.SavePng(png, figure.Width, figure.Height);
            plot.SaveSvg(svg, figure.Width, figure.Height);
            written.Add(png);
            written.Add(svg);
        }
        return written;
    }

    /// <summary>Every figure the inputs allow, with its caption.</summary>
    public static IReadOnlyList<(Figure Figure, string Caption)> For(TrainingInputs t)
    {
        var list = new List<(Figure, string)>();
        if (t.Equivalence is { } eq)
            foreach (var p in eq.Precisions)
                list.Add((new Figure($"training-equivalence-{p.Precision}", () => Equivalence(p)),
                    $"Equivalence in training, {p.Precision}: relative loss difference to Pre-LN per AdamW step (exact zeros drawn at 1e-18)"));
        if (t.Speed is { } sp)
            list.Add((new Figure("training-speed", () => Speed(sp)), "Training step time relative to Pre-LN (median, min–max over interleaved rounds)"));
        if (t.Depth is { } de)
        {
            list.Add((new Figure("training-depth-variance", () => DepthLines(de, "variance", true)), "Residual-stream variance per layer: at init (dashed) and after training (solid)"));
            list.Add((new Figure("training-depth-prune", () => DepthLines(de, "prune", false)), "Held-out Δbpc when one block is removed"));
            list.Add((new Figure("training-depth-angular", () => DepthLines(de, "angular", false)), "Angular distance per block after training"));
        }
        if (t.Peri is { } pe)
            foreach (double lr in pe.Runs.Select(r => r.LearningRate).Distinct())
            {
                string key = lr.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
                list.Add((new Figure($"training-peri-loss-lr{key}", () => PeriCurves(pe, lr, r => r.Loss, "training loss (nats)", false)),
                    $"Pre-LN vs Peri-LN training loss at peak lr {key} (mean over seeds, min–max band)"));
                list.Add((new Figure($"training-peri-gradnorm-lr{key}", () => PeriCurves(pe, lr, r => r.GradNorm, "gradient norm before clipping", true)),
                    $"Pre-LN vs Peri-LN gradient norm at peak lr {key}"));
            }
        return list;
    }

    private static double Log(double v) => v > 0 ? Math.Log10(Math.Max(v, 1e-18)) : -18;

    private static void LogAxis(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => Math.Abs(v - Math.Round(v)) < 1e-9 ? $"1e{Math.Round(v):0}" : "",
            IntegerTicksOnly = true,
        };

    private static Plot Equivalence(EquivalencePrecisionData p)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < p.Forms.Length; i++)
        {
            var f = p.Forms[i];
            double[] xs = [.. Enumerable.Range(1, f.LossRelDiff.Length).Select(s => (double)s)];
            var line = plot.Add.Scatter(xs, f.LossRelDiff.Select(Log).ToArray());
            line.Color = palette.GetColor(i);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = f.Label;
        }
        LogAxis(plot);
        plot.Title($"Equivalence in training ({p.Precision})");
        plot.XLabel("AdamW step");
        plot.YLabel("|loss − loss(Pre-LN)| / loss (log scale)");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static Plot Speed(SpeedData s)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (int i = 0; i < s.Forms.Length; i++)
        {
            var f = s.Forms[i];
            bars.Add(new Bar { Position = i, Value = f.MedianRatio, FillColor = Colors.Category10[i % 10] });
            ticks.Add(new Tick(i, f.Label));
        }
        plot.Add.Bars(bars);
        plot.Add.Plottable(Whiskers.MinMax(s.Forms.Select(f => (f.MedianRatio, f.MinRatio, f.MaxRatio)).ToArray()));
        plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Solid);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 120;
        plot.Axes.Left.Label.Text = "step time / Pre-LN step time";
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Training step time (d {s.Model.Channels}, {s.Model.Layers} layers, float32)");
        return plot;
    }

    private static Plot DepthLines(TrainingDepthData d, string what, bool logY)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var groups = d.Runs.GroupBy(r => (r.Depth, r.Label)).ToList();
        for (int i = 0; i < groups.Count; i++)
        {
            var runs = groups[i].ToList();
            var color = palette.GetColor(i);
            string label = $"{groups[i].Key.Label}, depth {groups[i].Key.Depth}";
            void Line(Func<DepthRunData, double[]> pick, bool dashed, int first, string? legend)
            {
                var values = Mean(runs.Select(pick).ToList());
                double[] xs = [.. Enumerable.Range(first, values.Length).Select(v => (double)v)];
                var line = plot.Add.Scatter(xs, logY ? values.Select(Log).ToArray() : values);
                line.Color = color;
                line.MarkerSize = 4;
                line.LineWidth = 2;
                if (dashed) line.LinePattern = LinePattern.Dashed;
                if (legend is not null) line.LegendText = legend;
            }
            switch (what)
            {
                case "variance":
                    Line(r => r.VarianceAtInit, true, 0, null);
                    Line(r => r.VarianceTrained, false, 0, label);
                    break;
                case "prune":
                    Line(r => r.PruneDeltaBpc, false, 1, label);
                    break;
                default:
                    Line(r => r.AngularDistanceTrained, false, 1, label);
                    break;
            }
        }
        if (logY) LogAxis(plot);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(what switch
        {
            "variance" => "Residual-stream variance per layer (init dashed, trained solid)",
            "prune" => "Held-out Δbpc when block ℓ is removed",
            _ => "Angular distance per block (trained)",
        });
        plot.XLabel(what == "variance" ? "layer (0 = embedding)" : "block ℓ");
        plot.YLabel(what switch { "variance" => "variance (log scale)", "prune" => "Δ bits per character", _ => "arccos(cos)/π" });
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot PeriCurves(PeriData p, double lr, Func<PeriRunData, double[]> pick, string yLabel, bool logY)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var forms = p.Runs.Where(r => r.LearningRate == lr).GroupBy(r => r.Label).ToList();
        for (int i = 0; i < forms.Count; i++)
        {
            var series = forms[i].Select(pick).ToList();
            int n = series.Min(s => s.Length);
            Func<double, double> y = logY ? Log : v => double.IsFinite(v) ? v : double.NaN;
            double[] xs = [.. Enumerable.Range(1, n).Select(v => (double)v)];
            double[] mean = [.. Enumerable.Range(0, n).Select(k => y(series.Average(s => s[k])))];
            double[] min = [.. Enumerable.Range(0, n).Select(k => y(series.Min(s => s[k])))];
            double[] max = [.. Enumerable.Range(0, n).Select(k => y(series.Max(s => s[k])))];
            var color = palette.GetColor(i);
            var band = plot.Add.FillY(xs, min, max);
            band.FillColor = color.WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(xs, mean);
            line.Color = color;
            line.MarkerSize = 0;
            line.LineWidth = 1.5f;
            line.LegendText = forms[i].Key;
        }
        if (logY) LogAxis(plot);
        plot.Title($"Pre-LN vs Peri-LN, peak lr {lr:G3} ({forms.FirstOrDefault()?.Count() ?? 0} seeds)");
        plot.XLabel("step");
        plot.YLabel(logY ? yLabel + " (log scale)" : yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static double[] Mean(List<double[]> series)
    {
        int n = series.Min(s => s.Length);
        return [.. Enumerable.Range(0, n).Select(k => series.Average(s => s[k]))];
    }
}
