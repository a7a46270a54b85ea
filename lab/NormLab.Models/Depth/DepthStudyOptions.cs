namespace NormLab.Models.Depth;

/// <summary>
/// The size of the synthetic depth study. <see cref="Quick"/> is run-all's default (a few seconds on
/// 2 cores); <see cref="Large"/> is closer to the papers' widths and takes minutes.
/// </summary>
public sealed record DepthStudyOptions
{
    public int Dim { get; init; } = 64;
    public int Heads { get; init; } = 4;
    /// <summary>MLP inner width: 4d, as GPT-2.</summary>
    public int Hidden => 4 * Dim;
    public int Vocab { get; init; } = 256;
    public int Tokens { get; init; } = 32;
    public int[] Depths { get; init; } = [4, 8, 16, 32, 64, 128];
    public int[] Seeds { get; init; } = [1, 2, 3];
    /// <summary>Every weight matrix and embedding ~ N(0, InitStd²): GPT-2's 0.02, without its 1/sqrt(2L) writer scaling.</summary>
    public double InitStd { get; init; } = 0.02;

    public static DepthStudyOptions Quick => new();

    public static DepthStudyOptions Large => new() { Dim = 256, Heads = 8, Tokens = 64, Seeds = [1, 2, 3, 4, 5] };

    public static DepthStudyOptions Named(string profile) => profile switch
    {
        "quick" => Quick,
        "large" => Large,
        _ => throw new UsageException($"unknown depth study profile '{profile}' (quick or large)."),
    };
}
