using NormLab.Cli.Commands;
using Spectre.Console;

namespace NormLab.Reports.Tests;

public class RunAllTests
{
    [Fact]
    public void Run_all_ends_with_bench_and_report_after_the_measurements()
    {
        var names = RunAllCommand.Steps().Select(s => s.Name).ToList();
        Assert.Equal("machine", names[0]);
        Assert.Equal("report", names[^1]);
        Assert.True(names.IndexOf("bench kernels") > names.IndexOf("check"));
        Assert.Contains("depth", names);
        Assert.True(names.IndexOf("bench kernels 256-bit") > names.IndexOf("bench kernels"));
        foreach (string study in new[] { "equivalence", "speed", "depth", "peri" })
            Assert.InRange(names.IndexOf($"train {study}"), names.IndexOf("check") + 1, names.Count - 2);
    }

    [Fact]
    public void A_step_log_captures_console_and_spectre_output_and_turns_exceptions_into_exit_1()
    {
        string log = Path.Combine(TestPaths.TempDirectory(), "step.log");
        Assert.Equal(3, StepLog.RunInto(log, () =>
        {
            Console.WriteLine("plain line");
            AnsiConsole.MarkupLine("[red]markup line[/]");
            return 3;
        }));
        string text = File.ReadAllText(log);
        Assert.Contains("plain line", text);
        Assert.Contains("markup line", text);
        Assert.Equal(1, StepLog.RunInto(log, () => throw new InvalidOperationException("broken step")));
        Assert.Contains("broken step", File.ReadAllText(log));
    }
}
