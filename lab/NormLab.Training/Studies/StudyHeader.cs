using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using NormLab.Results;
using NormLab.Training.Data;

namespace NormLab.Training.Studies;

/// <summary>What every study JSON starts with: the study, its verdict, the machine, the data and the commit.</summary>
public sealed record StudyHeader(string Study, string Profile, string Verdict, string Cpu, int Cores, string DotNet, string Os,
    string Date, string Commit, string DataSource, int TrainBytes, int HeldOutBytes, double WallSeconds)
{
    public static StudyHeader Create(string study, string profile, string verdict, TextData data, double wallSeconds) => new(
        study, profile, verdict, MachineInfo.ReadCpuModel(), Environment.ProcessorCount, RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription, DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"), MachineInfo.ReadGitCommit(), data.Source,
        data.Train.Length, data.HeldOut.Length, Math.Round(wallSeconds, 1));

    /// <summary>Nominal core clock in GHz from /proc/cpuinfo ("cpu MHz"), 0 when unknown.</summary>
    public static double CpuGhz()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return 0;
        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("cpu MHz", StringComparison.Ordinal));
        return line is not null && double.TryParse(line[(line.IndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture, out double mhz)
            ? mhz / 1000 : 0;
    }
}

/// <summary>The studies' JSON settings (camelCase, indented; NaN/∞ written as named literals).</summary>
public static class StudyJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the document whole (a temporary file moved into place), creating the folder.</summary>
    public static void Write<TDoc>(TDoc doc, string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        NormLab.IO.AtomicOutput.WriteText(path, JsonSerializer.Serialize(doc, Options) + "\n");
    }

    public static double R(double v, int digits = 6) => double.IsFinite(v) ? Math.Round(v, digits) : v;

    /// <summary>Significant-digit rounding (keeps tiny residuals such as 1e-16 readable).</summary>
    public static double S(double v, int digits = 4)
    {
        if (!double.IsFinite(v) || v == 0) return v;
        double scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
        return Math.Round(v * scale) / scale;
    }
}

/// <summary>The stream statistics the studies take from a model's activations (float64 copies).</summary>
public static class StreamStats
{
    public static double[] ToDouble<T>(ReadOnlySpan<T> x) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var d = new double[x.Length];
        for (int i = 0; i < x.Length; i++) d[i] = double.CreateTruncating(x[i]);
        return d;
    }
}
