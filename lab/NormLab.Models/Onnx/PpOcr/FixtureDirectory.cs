namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// Where fetched model files are cached: $NORMLAB_FIXTURES if set, else fixtures/ in the repository
/// root, found by walking up from the working directory and then from the binaries to NormLab.sln.
/// </summary>
public static class FixtureDirectory
{
    public const string EnvironmentVariable = "NORMLAB_FIXTURES";

    public static string Resolve()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } overridden) return Path.GetFullPath(overridden);
        string? root = RepositoryRoot.Find();
        return root is not null
            ? Path.Combine(root, "fixtures")
            : throw new InvalidOperationException($"cannot find the repository root (NormLab.sln) above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'; set {EnvironmentVariable}");
    }
}
