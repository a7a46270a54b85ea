using System.CommandLine;
using NormLab.Reports.Gate;

namespace NormLab.Cli.Commands;

/// <summary>`normlab gate`: fresh results against the committed baseline; exit 1 on a regression.</summary>
public static class GateCommand
{
    public const string DefaultBaseline = ".ci/baseline.json";

    public static Command Create()
    {
        var baseline = new Option<string>("--baseline") { Description = $"Baseline JSON (the repository's is {DefaultBaseline}).", Required = true };
        var results = new Option<string>("--results") { Description = "Directory of fresh result JSON.", DefaultValueFactory = _ => "reports/data" };
        var update = new Option<bool>("--update") { Description = "Rewrite the baseline from the fresh results instead of comparing (refused for empty, failing or partial results)." };
        var force = new Option<bool>("--force") { Description = "With --update: rewrite even from empty, failing or partial results." };
        var command = new Command("gate", "Compare fresh results with a baseline: accuracy absolutely, speed as same-run ratios; exit 1 on regression.");
        foreach (var option in new Option[] { baseline, results, update, force }) command.Options.Add(option);
        command.SetAction(parse => GateRun.Execute(parse.GetValue(baseline)!, parse.GetValue(results)!, parse.GetValue(update), Console.Out, parse.GetValue(force)));
        return command;
    }
}
