using System.CommandLine;

namespace NormLab.Cli.Commands;

/// <summary>`normlab bench kernels|models`: throughput against the anchors (see README "bench").</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmark the kernels against ONNX Runtime and an all-core copy, or whole models in ONNX Runtime.");
        command.Subcommands.Add(BenchKernelsCommand.Create());
        command.Subcommands.Add(BenchModelsCommand.Create());
        return command;
    }
}
