namespace NormLab.Cli.Commands;

/// <summary>Parses comma-separated option values.</summary>
public static class CommaList
{
    public static IEnumerable<string> Strings(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<int> Ints(string text, string option) =>
        Strings(text).Select(s => int.TryParse(s, out int n) && n > 0
            ? n
            : throw new UsageException($"{option}: '{s}' is not a positive integer.")).ToArray();
}
