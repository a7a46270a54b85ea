using NormLab.Results;
using System.CommandLine;
using NormLab.Models.Depth;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab depth`: per-layer variance, RMS, massive activations and angular distance of a model's
/// residual stream (--model), and the synthetic Pre-LN / Peri-LN / LayerNorm-Scaling study at init (--study).
/// </summary>
public static class DepthCommand
{
    public static Command Create()
    {
        var model = new Option<string[]>("--model")
        {
            Description = "What verify opens (builtin:stories260K, builtin:gpt2-small-synthetic, builtin:gpt2-synthetic-N, .safetensors, llama2.c .bin) or builtin:ppocrv4; repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var study = new Option<bool>("--study") { Description = "Run the synthetic study at init: Pre-LN, Peri-LN, Pre-LN + LayerNorm Scaling over depths 4..128." };
        var profile = new Option<string>("--profile") { Description = "Study size: quick (d 64, 32 tokens, 3 seeds) or large (d 256, 64 tokens, 5 seeds).", DefaultValueFactory = _ => "quick" };
        var tokens = new Option<int>("--tokens") { Description = "Seeded input length for --model (capped at the model's MaxSeq).", DefaultValueFactory = _ => 16 };
        var seed = new Option<int>("--seed") { Description = "Seed of the --model inputs.", DefaultValueFactory = _ => 1 };
        var float64 = new Option<bool>("--float64") { Description = "Run --model in float64 (references) instead of float32 (CPU kernels)." };
        var json = new Option<string?>("--json") { Description = "Write the rows, summary and definitions here (e.g. reports/data/depth.json)." };
        var figures = new Option<string?>("--figures") { Description = "Write depth-*.png|svg into this folder (e.g. reports/figures)." };
        var command = new Command("depth", "Per-layer hidden-state variance, RMS, massive activations and angular distance (Curse of Depth, Peri-LN).");
        foreach (var o in new Option[] { model, study, profile, tokens, seed, float64, json, figures }) command.Options.Add(o);
        command.SetAction(parse => Run(parse.GetValue(model) ?? [], parse.GetValue(study), parse.GetValue(profile) ?? "quick",
            parse.GetValue(tokens), parse.GetValue(seed), parse.GetValue(float64), parse.GetValue(json), parse.GetValue(figures)));
        return command;
    }

    /// <summary>What the command does (run-all calls it too); returns the exit code.</summary>
    public static int Run(string[] specs, bool runStudy, string profile, int tokens, int seed, bool float64, string? json, string? figures)
    {
        if (specs.Length == 0 && !runStudy)
        {
            AnsiConsole.MarkupLine("[red]give --model PATH|builtin:NAME and/or --study[/]");
            return 2;
        }
        var rows = new List<DepthRow>();
        foreach (string spec in specs)
        {
            var target = DepthModels.Resolve(spec);
            var modelRows = DepthAnalysis.OfModel(target, tokens, seed, float64);
            AnsiConsole.Write(ModelTable(target.Model.Name, modelRows));
            if (target.InputNote is { } note) AnsiConsole.MarkupLine($"[grey]input: {Markup.Escape(note)}[/]");
            rows.AddRange(modelRows);
        }
        DepthStudySetup? setup = null;
        IReadOnlyList<DepthSummaryRow> summary = [];
        if (runStudy)
        {
            var o = DepthStudyOptions.Named(profile);
            var result = DepthAnalysis.Study(o, r => AnsiConsole.MarkupLine($"[grey]study {r.Variant.Label()} seed {r.Seed}: {r.Layers} blocks done[/]"));
            (setup, summary) = (result.Setup, result.Summary);
            rows.AddRange(result.Rows);
            AnsiConsole.Write(SummaryTable(summary, o));
        }
        var doc = new DepthDocument(DepthDocument.MetricDefinitions, setup, summary, rows);
        if (json is not null)
        {
            doc.Write(json);
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(json)}[/] ({rows.Count} rows)");
        }
        if (figures is not null)
            foreach (string file in DepthFigures.Write(doc, figures)) AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(file)}[/]");
        return 0;
    }

    private static Table ModelTable(string name, IReadOnlyList<DepthRow> rows)
    {
        var table = new Table().Title($"{Markup.Escape(name)} ({Markup.Escape(rows[0].Variant)}, {rows[0].Precision}, seed {rows[0].Seed})");
        foreach (string h in new[] { "layer", "variance", "rms", "max |x|", "max/median", "angular distance" }) table.AddColumn(h);
        foreach (var r in rows)
            table.AddRow(r.Layer == 0 ? "entry" : r.Layer.ToString(), G(r.Variance), G(r.Rms), G(r.MaxAbs), G(r.MaxToMedian),
                r.AngularDistance is { } a ? G(a) : "–");
        return table;
    }

    private static Table SummaryTable(IReadOnlyList<DepthSummaryRow> summary, DepthStudyOptions o)
    {
        var table = new Table().Title(Markup.Escape($"Study at init: d {o.Dim}, {o.Tokens} tokens, seeds {string.Join(",", o.Seeds)}; means over seeds"));
        foreach (string h in new[] { "variant", "L", "var(L)", "seed range", "growth", "ang(L)", "ang 1..L", "max/med" })
            table.AddColumn(h);
        foreach (var s in summary)
            table.AddRow(s.Variant, s.Depth.ToString(), G(s.FinalVariance.Mean), $"{G(s.FinalVariance.Min)}–{G(s.FinalVariance.Max)}",
                G(s.FinalVarianceGrowth), G(s.FinalAngularDistance.Mean), G(s.MeanAngularDistance.Mean), G(s.FinalMaxToMedian.Mean));
        table.Caption(Markup.Escape($"var(L): variance after the last block of a depth-L stack; growth: against L = {o.Depths.Min()}; ang: angular distance"));
        return table;
    }

    private static string G(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
