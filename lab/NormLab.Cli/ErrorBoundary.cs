using System.CommandLine;

namespace NormLab.Cli;

/// <summary>
/// The one place a `normlab` run ends: a usage error or a bad input (file, field, value) prints one
/// line naming the command and what was wrong, and exits 2; a failed check or gate is the command's
/// own exit 1. The stack trace is shown only with --verbose; an internal bug keeps its trace.
/// </summary>
public static class ErrorBoundary
{
    public const int BadInput = 2;

    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Show the stack trace of an error.", Recursive = true };

    public static RootCommand Root()
    {
        var root = new RootCommand("NormLab: verifies and benchmarks the normalization layers of transformers.");
        root.Options.Add(Verbose);
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args)
    {
        var parse = Root().Parse(args);
        string command = string.Join(' ', parse.CommandResult.Command.Parents().Reverse().Append(parse.CommandResult.Command).Select(c => c.Name));
        if (UsageError(parse) is { } usage)
        {
            Console.Error.WriteLine($"{command}: {OneLine(usage)} (see {command} --help)");
            return BadInput;
        }
        try
        {
            OutputPreflight.Check(parse);
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"{command}: {OneLine(e.Message)}");
            if (parse.GetValue(Verbose)) Console.Error.WriteLine(e);
            return BadInput;
        }
    }

    /// <summary>What a user can fix: the command line or the files given. Anything else is a bug in the lab and keeps its trace.</summary>
    private static bool IsUserError(Exception e) =>
        e is UsageException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;

    /// <summary>
    /// The parser's errors, and an unknown option it took as a value: `--model X --bogus` would
    /// otherwise make "--bogus" a second model.
    /// </summary>
    private static string? UsageError(ParseResult parse)
    {
        if (parse.Errors.Count > 0) return parse.Errors[0].Message;
        foreach (var token in parse.Tokens)
            if (token.Type == System.CommandLine.Parsing.TokenType.Argument && token.Value.StartsWith('-') && !double.TryParse(token.Value, out _))
                return $"unknown option {token.Value}";
        return null;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IEnumerable<Command> Parents(this Command command)
    {
        for (var p = command.Parents.OfType<Command>().FirstOrDefault(); p is not null; p = p.Parents.OfType<Command>().FirstOrDefault())
            yield return p;
    }
}
