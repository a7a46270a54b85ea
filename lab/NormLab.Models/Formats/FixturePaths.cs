namespace NormLab.Models.Formats;

/// <summary>
/// Where the shared fixtures live: $NORMLAB_SHARED_FIXTURES, else ../shared/fixtures from the
/// repository root (found by walking up to NormLab.sln from the working directory or the binaries).
/// A git worktree nested deeper (e.g. /work/wt/x) finds the nearest shared/fixtures further up.
/// </summary>
public static class FixturePaths
{
    public const string EnvironmentVariable = "NORMLAB_SHARED_FIXTURES";

    public static string Require(string fileName)
    {
        string path = Path.Combine(Folder(), fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"shared fixture {fileName} not found at {path}; put it there or point ${EnvironmentVariable} at the folder holding it.", path);
        return path;
    }

    public static string Folder()
    {
        string? fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv)) return Path.GetFullPath(fromEnv);
        var root = RepositoryRoot();
        for (var d = root?.Parent; d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(Path.Combine(root?.FullName ?? ".", "..", "shared", "fixtures"));
    }

    private static DirectoryInfo? RepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "NormLab.sln"))) return d;
        return null;
    }
}
