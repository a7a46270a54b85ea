using NormLab.Results;
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

    /// <summary>
    /// Further rows (e.g. ONNX Runtime on original vs converted graphs), run after the per-layer checks;
    /// given the data set as verify ran it (sampled), or null without one.
    /// </summary>
    public Func<Vision.DataSet?, IEnumerable<VerificationRow>>? ExtraChecks { get; init; }

    /// <summary>Fixed seeded inputs: token ids for a token stem, a N(0, 1) entry sequence for an external one.</summary>
    public static ForwardInput SeededInput(ModelConfig c, int rows = DefaultRows, int seed = 1234)
    {
        rows = Math.Min(rows, InputCapacity(c));
        var rng = new Random(seed);
        if (c.Stem == StemKind.TokenEmbedding)
            return ForwardInput.FromTokens(Enumerable.Range(0, rows).Select(_ => rng.Next(c.Vocab)).ToArray());
        int width = c.Stem == StemKind.Patches ? c.PatchDim : c.Dim;
        var sequence = new Synthetic.SeededNormal((ulong)seed, "entry").Fill(rows * width, 0, 1);
        return ForwardInput.FromSequence(sequence, width);
    }

    /// <summary>The seeded input's length unless the model holds fewer positions.</summary>
    public const int DefaultRows = 16;

    /// <summary>Input rows the model takes at most (its positions, less the class token's).</summary>
    public static int InputCapacity(ModelConfig c) => c.MaxSeq - (c.ClassToken ? 1 : 0);

    /// <summary>The seeded target, saying so when the model's positions cut the default input length.</summary>
    public static VerificationTarget Seeded(NeutralModel model)
    {
        int capacity = InputCapacity(model.Config);
        return new VerificationTarget(model, SeededInput(model.Config))
        {
            Notices = capacity < DefaultRows
                ? [$"{model.Name} holds {model.Config.MaxSeq} positions: verifying on {capacity} seeded input rows instead of {DefaultRows}."]
                : [],
        };
    }
}
