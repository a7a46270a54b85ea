using System.CommandLine;
using NormLab.Cli.Commands;

namespace NormLab.Cli;

/// <summary>The list of `normlab` commands; each is built by a class in Commands/.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        EnvCommand.Create(),
        FixturesCommand.Create(),
        DepthCommand.Create(),
        TrainCommand.Create(),
        BenchCommand.Create(),
        ReportCommand.Create(),
        GateCommand.Create(),
        MachineCommand.Create(),
        CheckCommand.Create(),
        RunAllCommand.Create(),
        VerifyCommand.Create(),
        ConvertCommand.Create(),
        ExportFormsCommand.Create(),
    ];
}
