using System.CommandLine;

namespace NormLab.Cli.Commands;

/// <summary>Runs a `normlab` command line in process (run-all's steps are plain command lines).</summary>
public static class CliInvoker
{
    public static int Run(params string[] args)
    {
        var root = new RootCommand("normlab");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        return root.Parse(args).Invoke();
    }
}
