namespace NormLab.Reports.Tests;

/// <summary>Where the fixtures are (copied beside the test assembly) and the approved files (in the source tree).</summary>
public static class TestPaths
{
    public static string FixtureData => Path.Combine(AppContext.BaseDirectory, "Fixtures", "data");

    public static string ApprovedDirectory() =>
        Path.Combine(RepositoryRoot.Require(), "tests", "NormLab.Reports.Tests", "Approved");

    /// <summary>A fresh empty directory under the temp folder.</summary>
    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "normlab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A writable copy of the fixture results, for tests that plant changes.</summary>
    public static string CopyOfFixtures()
    {
        string target = TempDirectory();
        foreach (string file in Directory.GetFiles(FixtureData)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }
}
