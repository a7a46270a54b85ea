using System.Diagnostics;

namespace NormLab.Cli.Commands;

/// <summary>
/// Runs a `normlab` command line in a child process of this very CLI (normlab.dll under the same dotnet
/// host) with extra environment variables: the JIT's instruction-set switches (DOTNET_EnableAVX512=0)
/// act only at process start, so a narrower vector width needs its own process. The child's output is
/// copied to this process's output, so run-all's step log holds it.
/// </summary>
public static class ChildCli
{
    public static int Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string cli = typeof(ChildCli).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [cli, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} {cli}");
        child.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Out.WriteLine(e.Data); };
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        child.WaitForExit();
        return child.ExitCode;
    }
}
