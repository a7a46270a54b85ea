using System.CommandLine;
using NormLab.Results;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab machine --json PATH`: captures the machine, versions, git commit and date into JSON, so a
/// report rendered later states what check, verify and depth ran on (run-all's first step).
/// </summary>
public static class MachineCommand
{
    public static Command Create()
    {
        var json = new Option<string>("--json") { Description = "Where to write the machine facts.", DefaultValueFactory = _ => "reports/data/machine.json" };
        var command = new Command("machine", "Capture CPU model, cores, SIMD width, .NET/ORT versions, git commit and date as JSON.");
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var machine = NormLab.Bench.MachineCapture.Capture();
            ResultJson.Write(parse.GetValue(json)!, machine);
            Console.WriteLine(machine.Summary);
            return 0;
        });
        return command;
    }
}
