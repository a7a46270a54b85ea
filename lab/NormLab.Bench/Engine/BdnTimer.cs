using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace NormLab.Bench.Engine;

/// <summary>
/// Times a group of subjects with BenchmarkDotNet, in process (the CLI is the host; BenchmarkDotNet
/// cannot build a separate process for subjects that hold live buffers and ORT sessions), one after
/// another in the order given. Returns the median seconds per call of each subject.
/// </summary>
public sealed class BdnTimer(BdnProfile profile)
{
    public IReadOnlyList<double> MedianSeconds(IReadOnlyList<BenchSubject> subjects)
    {
        SubjectBenchmark.Pending = subjects;
        try
        {
            var summary = BenchmarkRunner.Run<SubjectBenchmark>(Config());
            var bySubject = summary.Reports.ToDictionary(r => (BenchSubject)r.BenchmarkCase.Parameters["Subject"]!,
                r => r.ResultStatistics?.Median ?? double.NaN);
            return subjects.Select(s => bySubject.TryGetValue(s, out double ns) ? ns * 1e-9 : double.NaN).ToArray();
        }
        finally
        {
            SubjectBenchmark.Pending = [];
        }
    }

    private ManualConfig Config()
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.DontLogOutput)
            .WithWarmupCount(profile.WarmupCount)
            .WithIterationCount(profile.IterationCount)
            .WithIterationTime(TimeInterval.FromMilliseconds(profile.IterationMilliseconds))
            .WithEvaluateOverhead(false)
            .WithId(profile.Name);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(NullLogger.Instance)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "normlab-bdn"))
            .WithOptions(ConfigOptions.DisableLogFile);
        return config;
    }
}
