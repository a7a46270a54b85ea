using System.CommandLine;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab run-all`: the main job, an ordered list of steps writing into reports/. Each step is one
/// line in <see cref="Steps"/>. A progress bar shows the steps as they run; each step's own output
/// goes to reports/logs/STEP.log (a live progress display and a step's tables cannot share the
/// terminal), and a failing step's log tail is printed.
/// </summary>
public static class RunAllCommand
{
    public sealed record Step(string Name, Func<string, int> Run);

    /// <summary>
    /// The steps in order; each receives the reports directory and returns an exit code. The quick
    /// profile (default) keeps run-all to minutes; --full runs the published-figures profile.
    /// </summary>
    public static IReadOnlyList<Step> Steps(bool full = false) =>
    [
        new("machine", reports => CliInvoker.Run("machine", "--json", Data(reports, "machine.json"))),
        new("check", reports => CheckCommand.Run("all", quick: false, Data(reports, "check.json"), Path.Combine(reports, "check.md"))),
        new("verify", reports => VerifyCommand.Run(["builtin:stories260K", "builtin:gpt2-small-synthetic", "builtin:vit-mnist"], Data(reports, "verify.json"),
            options: new VerifyCommand.VerifyOptions(Samples: full ? null : QuickVitDigits, ClassificationJson: Data(reports, "vit-mnist.json")))),
        new("depth", reports => DepthCommand.Run(["builtin:stories260K", "builtin:gpt2-small-synthetic", "builtin:ppocrv4"], runStudy: true, full ? "large" : "quick",
            tokens: 16, seed: 1, float64: false, Data(reports, "depth.json"), Path.Combine(reports, "figures"))),
        new("bench kernels", reports => CliInvoker.Run(["bench", "kernels", "--json", Data(reports, "bench-kernels.json"), .. Quick(full)])),
        new("bench kernels 256-bit", BenchKernels256Bit),
        new("bench models", reports => CliInvoker.Run(["bench", "models", "--json", Data(reports, "bench-models.json"),
            .. full ? Array.Empty<string>() : ["--quick", "--models", "gpt2-small"]])),
        .. TrainCommand.Studies.Select(study => new Step($"train {study}",
            reports => TrainCommand.Run(study, full, Data(reports, $"training-{study}.json"), figures: null))),
        new("report", reports => CliInvoker.Run("report", "--data", Path.Combine(reports, "data"), "--out", reports)),
    ];

    /// <summary>
    /// LayerNorm/RMSNorm at 4096 × {1024, 4096, 8192} again with the 512-bit branch switched off (a child
    /// process: the switch acts at start-up), so an AVX-512 machine also reports its AVX2 speed. Where the
    /// widest vectors are 256-bit already, the main bench is that run, and a stale file is removed.
    /// </summary>
    private static int BenchKernels256Bit(string reports)
    {
        string path = Data(reports, "bench-kernels-256bit.json");
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            File.Delete(path);
            Console.WriteLine("the widest vectors here are 256-bit or narrower: bench-kernels.json is this machine's only width");
            return 0;
        }
        return ChildCli.Run(new Dictionary<string, string> { ["DOTNET_EnableAVX512"] = "0" },
            "bench", "kernels", "--quick", "--rows", "4096", "--d", "1024,4096,8192", "--variants", "LayerNorm,RMSNorm", "--json", path);
    }

    /// <summary>The quick profile verifies ViT-MNIST on every 10th real digit; --full on all 10,000.</summary>
    private const int QuickVitDigits = 1000;

    private static string Data(string reports, string file) => Path.Combine(reports, "data", file);

    private static string[] Quick(bool full) => full ? [] : ["--quick"];

    public static Command Create()
    {
        var reports = new Option<string>("--reports")
        {
            Description = "Directory the reports are written to.",
            DefaultValueFactory = _ => "reports",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the steps and where they write, without running them." };
        var full = new Option<bool>("--full") { Description = "The full profile: full benchmark rounds and the large depth study (an hour or more on 2 cores)." };
        var command = new Command("run-all",
            "Run every step of the lab in order: machine facts, check, depth, bench kernels and models, the four training studies (--quick unless --full), report → reports/index.md. Exit code 1 if any step fails.");
        command.Options.Add(reports);
        command.Options.Add(dryRun);
        command.Options.Add(full);
        command.SetAction(parse => Run(parse.GetValue(reports) ?? "reports", parse.GetValue(dryRun), parse.GetValue(full)));
        return command;
    }

    public static int Run(string reports, bool dryRun, bool full = false)
    {
        var steps = Steps(full);
        if (dryRun)
        {
            foreach (var step in steps) Console.WriteLine($"run-all: {step.Name} (reports in {reports})");
            return 0;
        }
        string logs = Path.Combine(reports, "logs");
        Directory.CreateDirectory(logs);
        var screen = AnsiConsole.Console;
        var results = new List<(string Name, int Code, TimeSpan Took, string Log)>();
        screen.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var overall = context.AddTask("[bold]run-all[/]", maxValue: steps.Count);
                foreach (var step in steps)
                {
                    overall.Description = $"[bold]run-all[/]: {Markup.Escape(step.Name)}";
                    string log = Path.Combine(logs, step.Name.Replace(' ', '-') + ".log");
                    var started = DateTime.UtcNow;
                    int code = StepLog.RunInto(log, () => step.Run(reports));
                    results.Add((step.Name, code, DateTime.UtcNow - started, log));
                    overall.Increment(1);
                }
                overall.Description = "[bold]run-all[/]: done";
            });
        var table = new Table().AddColumns("step", "result", "time", "log");
        foreach (var (name, code, took, log) in results)
            table.AddRow(Markup.Escape(name), code == 0 ? "[green]ok[/]" : $"[red]exit {code}[/]", $"{took.TotalSeconds:F0} s", Markup.Escape(log));
        screen.Write(table);
        foreach (var failed in results.Where(r => r.Code != 0))
        {
            screen.MarkupLine($"[red]{Markup.Escape(failed.Name)} failed[/]; last lines of {Markup.Escape(failed.Log)}:");
            foreach (string line in File.ReadLines(failed.Log).TakeLast(15)) screen.WriteLine("  " + line);
        }
        screen.MarkupLine($"report: [blue]{Markup.Escape(Path.Combine(reports, "index.md"))}[/]");
        return results.Any(r => r.Code != 0) ? 1 : 0;
    }
}
