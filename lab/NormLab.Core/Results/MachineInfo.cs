using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NormLab.Results;

/// <summary>
/// What a measurement depends on, captured when it is taken and stored in its JSON, so a report
/// rendered later from that JSON states the machine and versions that produced it.
/// </summary>
public sealed record MachineInfo(
    string CpuModel,
    int Cores,
    int SimdWidthBits,
    string Os,
    string DotNet,
    string OnnxRuntime,
    string GitCommit,
    DateTimeOffset Date)
{
    /// <summary>The host of a GPU run: ONNX Runtime is not loaded (the GPU bundle leaves its native library out).</summary>
    public static MachineInfo CaptureHost() => Capture("not loaded");

    /// <summary>This machine, with the ONNX Runtime version the caller loaded (Core does not load ONNX Runtime: NormLab.Bench.MachineCapture).</summary>
    public static MachineInfo Capture(string onnxRuntime) => new(
        ReadCpuModel(),
        Environment.ProcessorCount,
        WidestSimdBits(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        onnxRuntime,
        ReadGitCommit(),
        DateTimeOffset.UtcNow);

    /// <summary>The widest vector the JIT accelerates (what the SIMD kernels run).</summary>
    public static int WidestSimdBits() =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>One line for report headers and `normlab bench`.</summary>
    public string Summary =>
        $"{CpuModel}, {Cores} cores, {SimdWidthBits}-bit SIMD; {Os}; {DotNet}; ONNX Runtime {OnnxRuntime}; commit {GitCommit}; {Date:yyyy-MM-dd HH:mm} UTC";

    /// <summary>The CPU's model name (/proc/cpuinfo), else the architecture.</summary>
    public static string ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The commit of the working tree, with "+dirty" when it has uncommitted changes; "unknown" outside git.</summary>
    public static string ReadGitCommit()
    {
        string? head = Git("rev-parse --short=12 HEAD");
        if (head is null) return "unknown";
        string? status = Git("status --porcelain --untracked-files=no");
        return string.IsNullOrWhiteSpace(status) ? head : head + "+dirty";
    }

    private static string? Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return null;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}
