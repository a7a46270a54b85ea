using BenchmarkDotNet.Attributes;

namespace NormLab.Bench.Engine;

/// <summary>
/// The BenchmarkDotNet benchmark: one [Benchmark] that runs the current subject. BenchmarkDotNet
/// creates this class itself, so the subjects of one interleaved group are handed to it through
/// <see cref="Pending"/>, set by <see cref="BdnTimer"/> just before each run (in-process toolchain,
/// one run at a time).
/// </summary>
public class SubjectBenchmark
{
    internal static IReadOnlyList<BenchSubject> Pending { get; set; } = [];

    [ParamsSource(nameof(Subjects))]
    public BenchSubject Subject { get; set; } = null!;

    public static IEnumerable<BenchSubject> Subjects() => Pending;

    [Benchmark]
    public void Run() => Subject.Run();
}
