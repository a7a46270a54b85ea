namespace NormLab.Bench.Engine;

/// <summary>
/// How long BenchmarkDotNet measures each subject, and how many interleaved rounds are taken.
/// Ratios are the median over rounds of the per-round ratio: each round times ours and the anchors
/// back to back on the same data, so a slow spell on the shared machine hits both.
/// </summary>
public sealed record BdnProfile(string Name, int Rounds, int WarmupCount, int IterationCount, double IterationMilliseconds)
{
    /// <summary>Minutes, for run-all and CI.</summary>
    public static BdnProfile Quick { get; } = new("quick", Rounds: 3, WarmupCount: 1, IterationCount: 5, IterationMilliseconds: 20);

    /// <summary>The published figures: more rounds and longer iterations.</summary>
    public static BdnProfile Full { get; } = new("full", Rounds: 5, WarmupCount: 3, IterationCount: 15, IterationMilliseconds: 100);
}
