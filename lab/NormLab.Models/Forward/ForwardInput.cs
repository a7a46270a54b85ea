namespace NormLab.Models.Forward;

/// <summary>
/// What a forward starts from: token ids (a token-embedding stem) or, for an external stem, the
/// entry sequence itself (<see cref="Rows"/> × d, row-major, in full width d).
/// </summary>
public sealed class ForwardInput
{
    private ForwardInput(int[]? tokens, double[]? sequence, int rows)
    {
        Tokens = tokens;
        Sequence = sequence;
        Rows = rows;
    }

    public int[]? Tokens { get; }
    public double[]? Sequence { get; }
    public int Rows { get; }

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
