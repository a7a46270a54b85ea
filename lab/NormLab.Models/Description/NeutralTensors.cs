namespace NormLab.Models.Description;

/// <summary>The neutral tensors a model of a given description cannot run without (norm parameters and biases are optional).</summary>
public static class NeutralTensors
{
    public static IEnumerable<string> Required(ModelConfig c)
    {
        if (c.Stem == StemKind.TokenEmbedding) yield return TensorNames.TokenEmbedding;
        if (c.Stem == StemKind.Patches) yield return TensorNames.Weight(TensorNames.PatchEmbedding);
        if (c.ClassToken) yield return TensorNames.ClassToken;
        if (c.LearnedPositions) yield return TensorNames.PositionEmbedding;
        for (int l = 0; l < c.Layers; l++)
        {
            foreach (string reader in TensorNames.AttnReaders(c, l).Concat(TensorNames.MlpReaders(c, l)).Concat(TensorNames.Writers(l)))
                yield return TensorNames.Weight(reader);
        }
        if (c.Head == HeadKind.Untied) yield return TensorNames.Weight(TensorNames.Head);
    }
}
