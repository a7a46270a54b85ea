using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>How a tensor's values reach the main branch: as d-vectors (its rows), or as a linear map onto it (its outputs).</summary>
public enum StreamAxis
{
    /// <summary>Each row (a vector: the whole) is added to the stream as is: embedding tables, class token, biases.</summary>
    Rows,
    /// <summary>A weight [d, in] whose outputs are added to the stream: W_o, W_2, the patch projection.</summary>
    Outputs,
}

/// <summary>
/// The one list of what writes into the main branch (SPEC 1): recentering makes each of these
/// zero-mean along its stream axis, compression drops their last stream element (SPEC 3), and a
/// float32 file of a zero-mean model keeps them exactly zero-sum.
/// </summary>
public static class StreamInputs
{
    public static IReadOnlyDictionary<string, StreamAxis> Of(ModelConfig c)
    {
        var map = new Dictionary<string, StreamAxis>(StringComparer.Ordinal);
        if (c.Stem == StemKind.TokenEmbedding) map[TensorNames.TokenEmbedding] = StreamAxis.Rows;
        if (c.LearnedPositions) map[TensorNames.PositionEmbedding] = StreamAxis.Rows;
        if (c.Stem == StemKind.Patches)
        {
            map[TensorNames.Weight(TensorNames.PatchEmbedding)] = StreamAxis.Outputs;
            map[TensorNames.Bias(TensorNames.PatchEmbedding)] = StreamAxis.Rows;
            if (c.ClassToken) map[TensorNames.ClassToken] = StreamAxis.Rows;
        }
        for (int l = 0; l < c.Layers; l++)
            foreach (string writer in TensorNames.Writers(l))
            {
                map[TensorNames.Weight(writer)] = StreamAxis.Outputs;
                map[TensorNames.Bias(writer)] = StreamAxis.Rows;
            }
        return map;
    }

    /// <summary>SPEC 1: subtract the mean along the stream axis.</summary>
    public static Tensor Center(Tensor t, StreamAxis axis) =>
        axis == StreamAxis.Rows ? WeightAlgebra.CenterRows(t) : WeightAlgebra.CenterOutputs(t);

    /// <summary>SPEC 3: drop the last stream element (a table's last column, a vector's last element, a weight's last output row).</summary>
    public static Tensor DropLast(Tensor t, StreamAxis axis) =>
        axis == StreamAxis.Outputs || t.Shape.Length == 1 ? WeightAlgebra.DropLastRow(t) : WeightAlgebra.DropLastColumn(t);
}
