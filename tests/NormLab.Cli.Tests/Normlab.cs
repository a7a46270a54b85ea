using System.Diagnostics;

namespace NormLab.Cli.Tests;

/// <summary>What a child `normlab` run left: exit code and its output.</summary>
public sealed record CliRun(int Exit, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
}

/// <summary>
/// Runs the built normlab.dll (the same configuration as these tests) in a child process under a
/// 100 MB GC heap limit (a header that makes the lab allocate fails as out-of-memory) and a 30 s
/// limit (a hang is killed and fails the test).
/// </summary>
public static class Normlab
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>tests/NormLab.Cli.Tests/bin/CONFIG/TFM/ → lab/NormLab.Cli/bin/CONFIG/TFM/normlab.dll.</summary>
    private static readonly string Dll = Locate();

    private static string Locate()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = tfm.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "lab", "NormLab.Cli", "bin", tfm.Parent!.Name, tfm.Name, "normlab.dll");
    }

    public static CliRun Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x6400000";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"normlab {string.Join(' ', args)} ran past {Limit.TotalSeconds} s");
        }
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A bad-input run: exit 2, one line naming every <paramref name="names"/>, no stack trace.</summary>
    public static CliRun BadInput(string workingDirectory, string[] args, params string[] names)
    {
        var run = Run(workingDirectory, args);
        Assert.True(run.Exit == 2, $"exit {run.Exit}, expected 2: {run.Output}");
        Assert.DoesNotContain("   at ", run.Output);
        Assert.DoesNotContain("OutOfMemory", run.Output);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (string name in names) Assert.Contains(name, line);
        return run;
    }
}
