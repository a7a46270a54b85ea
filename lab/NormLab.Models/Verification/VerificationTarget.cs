using NormLab.Models.Description;
using NormLab.Models.Forward;

namespace NormLab.Models.Verification;

/// <summary>
/// What verify runs for one model: the model, its fixed input, and optional extra checks a model
/// family brings (an LM's greedy continuation; the ONNX path's ONNX Runtime runs).
/// </summary>
public sealed record VerificationTarget(NeutralModel Model, ForwardInput Input)
{
    /// <summary>Greedy continuation length to compare between forms (0: none).</summary>
    public int GreedyTokens { get; init; }

    /// <summary>The greedy prompt; null = <see cref="Input"/>'s tokens.</summary>
    public int[]? GreedyPrompt { get; init; }

    /// <summary>A labelled data set: verify runs every input of it (per-layer worst case, accuracy, agreement) instead of <see cref="Input"/>.</summary>
    public Vision.DataSet? Dataset { get; init; }

    /// <summary>Lines verify prints before its results (e.g. an input that was shortened, a data set that could not be fetched).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>Further rows (e.g. ONNX Runtime on original vs converted graphs), run after the per-layer checks.</summary>
    public Func<IEnumerable<VerificationRow>>? ExtraChecks { get; init; }

    /// <summary>Fixed seeded inputs: token ids for a token stem, a N(0, 1) entry sequence for an external one.</summary>
    public static ForwardInput SeededInput(ModelConfig c, int rows = 16, int seed = 1234)
    {
        rows = Math.Min(rows, c.MaxSeq);
        var rng = new Random(seed);
        if (c.Stem == StemKind.TokenEmbedding)
            return ForwardInput.FromTokens(Enumerable.Range(0, rows).Select(_ => rng.Next(c.Vocab)).ToArray());
        var sequence = new Synthetic.SeededNormal((ulong)seed, "entry").Fill(rows * c.Dim, 0, 1);
        return ForwardInput.FromSequence(sequence, c.Dim);
    }
}
