namespace NormLab;

/// <summary>
/// The lab's checkout: the nearest folder holding NormLab.sln above the working directory, else above
/// the binaries (tests and `dotnet run` start in different places). Found at run time, never from
/// compile-time source paths, which deterministic CI builds map to "/_/".
/// </summary>
public static class RepositoryRoot
{
    public static string? Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "NormLab.sln"))) return d.FullName;
        return null;
    }

    public static string Require() => Find()
        ?? throw new InvalidOperationException(
            $"cannot find the NormLab checkout (NormLab.sln) above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'.");
}
