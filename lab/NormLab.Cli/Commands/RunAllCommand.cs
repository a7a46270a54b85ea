using System.CommandLine;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab run-all`: the main job, an ordered list of steps writing into reports/. Each step is one
/// line in <see cref="Steps"/>; later issues append theirs (verify, depth, bench --quick, report).
/// </summary>
public static class RunAllCommand
{
    public sealed record Step(string Name, Func<string, int> Run);

    /// <summary>The steps in order; each receives the reports directory and returns an exit code.</summary>
    public static IReadOnlyList<Step> Steps() =>
    [
        new("check", reports => CheckCommand.Run("all", quick: false, Path.Combine(reports, "data", "check.json"), Path.Combine(reports, "check.md"))),
        new("depth", reports => DepthCommand.Run(["builtin:stories260k", "builtin:gpt2-small"], runStudy: true, "quick", tokens: 16, seed: 1, float64: false, Path.Combine(reports, "data", "depth.json"), Path.Combine(reports, "figures"))),
    ];

    public static Command Create()
    {
        var reports = new Option<string>("--reports")
        {
            Description = "Directory the reports are written to.",
            DefaultValueFactory = _ => "reports",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the steps and where they write, without running them." };
        var command = new Command("run-all", "Run every step of the lab in order (now: check → reports/check.md, reports/data/check.json). Exit code 1 if any step fails.");
        command.Options.Add(reports);
        command.Options.Add(dryRun);
        command.SetAction(parse => Run(parse.GetValue(reports) ?? "reports", parse.GetValue(dryRun)));
        return command;
    }

    public static int Run(string reports, bool dryRun)
    {
        int status = 0;
        foreach (var step in Steps())
        {
            Console.WriteLine($"run-all: {step.Name} (reports in {reports})");
            if (dryRun) continue;
            int code = step.Run(reports);
            if (code != 0) Console.WriteLine($"run-all: {step.Name} failed with exit code {code}");
            status = Math.Max(status, code == 0 ? 0 : 1);
        }
        return status;
    }
}
