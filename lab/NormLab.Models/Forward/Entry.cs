using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// The rows that enter the main branch, in float64: token (+ position) embeddings, projected patches
/// (after an optional class token), or the supplied external sequence — mean-subtracted when the
/// model says so (the exact entry recentering for a stem the lab cannot recenter in weights) and cut
/// to d − 1 for a compressed stream.
/// </summary>
public static class Entry
{
    public static double[] Build(NeutralModel model, ForwardInput input)
    {
        var c = model.Config;
        int rows = c.StreamRows(input.RowsPerSequence) * input.Sequences, width = c.StreamDim;
        var x = new double[rows * width];
        if (c.Stem == StemKind.Patches) Patches(model, input, x);
        else if (c.Stem == StemKind.TokenEmbedding)
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
            int perSequence = rows / input.Sequences * width;
            for (int j = 0; j < rows * width; j++) x[j] += positions[j % perSequence];
        }
        return x;
    }

    /// <summary>Per sequence: the class token (row 0, when the model has one), then patch·Wᵀ + b for every input patch.</summary>
    private static void Patches(NeutralModel model, ForwardInput input, double[] x)
    {
        var c = model.Config;
        int width = c.StreamDim, first = c.ClassToken ? 1 : 0, patches = input.RowsPerSequence;
        if (input.Sequence is null || input.Sequence.Length != input.Rows * c.PatchDim)
            throw new ArgumentException($"{model.Name} has a patch stem; give its patches as rows × {c.PatchDim}.", nameof(input));
        var cls = c.ClassToken ? model.Weights.Load(TensorNames.ClassToken).Expect(width).Data : null;
        var w = model.Weights.Load(TensorNames.Weight(TensorNames.PatchEmbedding)).Expect(width, c.PatchDim).Data;
        var b = model.Weights.Contains(TensorNames.Bias(TensorNames.PatchEmbedding))
            ? model.Weights.Load(TensorNames.Bias(TensorNames.PatchEmbedding)).Expect(width).Data : null;
        var y = Linear.Apply(input.Sequence, input.Rows, c.PatchDim, w, width, b);
        for (int s = 0; s < input.Sequences; s++)
        {
            int start = s * (patches + first) * width;
            cls?.CopyTo(x, start);
            Array.Copy(y, s * patches * width, x, start + first * width, patches * width);
        }
    }
}
