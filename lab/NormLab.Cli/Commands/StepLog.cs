using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// Runs a step with everything it prints (Console and Spectre.Console) going to a log file; an
/// exception is logged and becomes exit code 1, so one broken step does not stop run-all.
/// </summary>
public static class StepLog
{
    public static int RunInto(string logPath, Func<int> step)
    {
        var (console, ansi) = (Console.Out, AnsiConsole.Console);
        using var log = new StreamWriter(logPath) { AutoFlush = true };
        Console.SetOut(log);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(log),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        AnsiConsole.Console.Profile.Width = RedirectedWidth.Columns;
        try
        {
            return step();
        }
        catch (Exception e)
        {
            log.WriteLine(e.ToString());
            return 1;
        }
        finally
        {
            Console.SetOut(console);
            AnsiConsole.Console = ansi;
        }
    }
}
