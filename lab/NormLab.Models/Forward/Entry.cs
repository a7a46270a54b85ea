using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// The rows that enter the main branch, in float64: token (+ position) embeddings, or the supplied
/// external sequence — mean-subtracted when the model says so (the exact entry recentering for a
/// stem the lab cannot recenter in weights) and cut to d − 1 for a compressed stream.
/// </summary>
public static class Entry
{
    public static double[] Build(NeutralModel model, ForwardInput input)
    {
        var c = model.Config;
        int rows = input.Rows, width = c.StreamDim;
        var x = new double[rows * width];
        if (c.Stem == StemKind.TokenEmbedding)
        {
            if (input.Tokens is null) throw new ArgumentException($"{model.Name} embeds tokens; give token ids.", nameof(input));
            var table = model.Weights.Load(TensorNames.TokenEmbedding).Expect(c.Vocab, width).Data;
            for (int r = 0; r < rows; r++)
            {
                int t = input.Tokens[r];
                if ((uint)t >= (uint)c.Vocab) throw new ArgumentException($"token id {t} at position {r} is outside the vocabulary 0..{c.Vocab - 1}.", nameof(input));
                Array.Copy(table, t * width, x, r * width, width);
            }
        }
        else
        {
            if (input.Sequence is null || input.Sequence.Length != rows * c.Dim)
                throw new ArgumentException($"{model.Name} has an external stem; give its entry sequence as rows × {c.Dim}.", nameof(input));
            for (int r = 0; r < rows; r++)
            {
                var row = input.Sequence.AsSpan(r * c.Dim, c.Dim);
                double mean = 0;
                if (c.CenterEntry) { foreach (double v in row) mean += v; mean /= c.Dim; }
                for (int j = 0; j < width; j++) x[r * width + j] = row[j] - mean;
            }
        }
        if (c.LearnedPositions)
        {
            var positions = model.Weights.Load(TensorNames.PositionEmbedding).Expect(c.MaxSeq, width).Data;
            for (int j = 0; j < rows * width; j++) x[j] += positions[j];
        }
        return x;
    }
}
