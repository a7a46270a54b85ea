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
        // Under `dotnet normlab.dll` the child is the same dll under the same host; in the single-file bundle
        // (scripts/gpu/build-bundle.sh) there is no dll on disk, and the bundle itself is the executable.
        string dll = Path.Combine(AppContext.BaseDirectory, "normlab.dll");
        var start = File.Exists(dll)
            ? new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll, .. args])
            : new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("no process path to start a child normlab"), args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        child.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Out.WriteLine(e.Data); };
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        child.WaitForExit();
        return child.ExitCode;
    }
}
