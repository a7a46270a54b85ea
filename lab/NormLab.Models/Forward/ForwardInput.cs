namespace NormLab.Models.Forward;

/// <summary>
/// What a forward starts from: token ids (a token-embedding stem) or, for an external or patch stem,
/// the entry sequence itself (<see cref="Rows"/> × width, row-major: d for an external stem, the
/// patch size for a patch stem). A batch holds <see cref="Sequences"/> independent sequences of
/// equal length back to back: attention never crosses them, everything else is row by row.
/// </summary>
public sealed class ForwardInput
{
    private ForwardInput(int[]? tokens, double[]? sequence, int rows, int sequences = 1)
    {
        Tokens = tokens;
        Sequence = sequence;
        Rows = rows;
        Sequences = sequences;
    }

    public int[]? Tokens { get; }
    public double[]? Sequence { get; }
    /// <summary>Input rows over the whole batch.</summary>
    public int Rows { get; }
    public int Sequences { get; }
    public int RowsPerSequence => Rows / Sequences;

    /// <summary>Equal-length inputs as one batch (an input's own batch is kept in order).</summary>
    public static ForwardInput Batch(IReadOnlyList<ForwardInput> inputs)
    {
        if (inputs.Count == 0) throw new ArgumentException("a batch needs at least one input.", nameof(inputs));
        int rows = inputs[0].RowsPerSequence;
        if (inputs.Any(i => i.RowsPerSequence != rows || (i.Tokens is null) != (inputs[0].Tokens is null)))
            throw new ArgumentException("batched inputs must be of one kind and one length.", nameof(inputs));
        int sequences = inputs.Sum(i => i.Sequences);
        return inputs[0].Tokens is not null
            ? new ForwardInput(inputs.SelectMany(i => i.Tokens!).ToArray(), null, rows * sequences, sequences)
            : new ForwardInput(null, inputs.SelectMany(i => i.Sequence!).ToArray(), rows * sequences, sequences);
    }

    public static ForwardInput FromTokens(int[] tokens)
    {
        if (tokens.Length == 0) throw new ArgumentException("at least one token is needed.", nameof(tokens));
        return new ForwardInput(tokens, null, tokens.Length);
    }

    public static ForwardInput FromSequence(double[] sequence, int dim)
    {
        if (dim < 1 || sequence.Length == 0 || sequence.Length % dim != 0)
            throw new ArgumentException($"sequence has {sequence.Length} elements, not a whole, non-zero number of rows of d = {dim}.", nameof(sequence));
        return new ForwardInput(null, sequence, sequence.Length / dim);
    }
}
