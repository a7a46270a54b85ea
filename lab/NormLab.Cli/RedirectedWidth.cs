namespace NormLab.Cli;

/// <summary>The layout width of tables written to a file or a pipe (no terminal to fit): wide enough for the widest table, verify's.</summary>
public static class RedirectedWidth
{
    public const int Columns = 400;
}
