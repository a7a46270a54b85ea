using System.CommandLine;
using NormLab.IO;
using NormLab.Models.Verification;

namespace NormLab.Cli;

/// <summary>
/// Before any command runs: every file option it will write (--json, --markdown) and folder option
/// (--figures) must be writable and must not be one of the run's inputs (its --model files and the
/// config.json beside them), so a bad destination fails in milliseconds, not after the whole run.
/// </summary>
public static class OutputPreflight
{
    private static readonly string[] FileOptions = ["--json", "--markdown", "--classification-json"];
    private static readonly string[] FolderOptions = ["--figures"];

    public static void Check(ParseResult parse)
    {
        var options = parse.CommandResult.Command.Options;
        var inputs = Models(parse, options).SelectMany(ModelCatalog.InputFiles).ToList();
        foreach (var option in options)
        {
            if (FileOptions.Contains(option.Name) && parse.GetValue<string?>(option.Name) is { } file)
                AtomicOutput.Require(file, option.Name, inputs);
            if (FolderOptions.Contains(option.Name) && parse.GetValue<string?>(option.Name) is { } folder)
                AtomicOutput.RequireFolder(folder, option.Name);
        }
    }

    private static IEnumerable<string> Models(ParseResult parse, IEnumerable<Option> options) =>
        options.FirstOrDefault(o => o.Name == "--model") switch
        {
            Option<string[]> many => parse.GetValue(many) ?? [],
            Option<string> one => parse.GetValue(one) is { } spec ? [spec] : [],
            _ => [],
        };
}
