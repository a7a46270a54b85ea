namespace NormLab.Cli.Commands;

/// <summary>Runs a `normlab` command line in process (run-all's steps are plain command lines), through the same error boundary.</summary>
public static class CliInvoker
{
    public static int Run(params string[] args) => ErrorBoundary.Run(args);
}
