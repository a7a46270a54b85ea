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
        string? root = RepositoryRoot.Find();
        for (var d = root is null ? null : Directory.GetParent(root); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(Path.Combine(root ?? ".", "..", "shared", "fixtures"));
    }
}
