using NormLab.Models.Description;

namespace NormLab.Models.Formats.HuggingFace;

/// <summary>How a checkpoint tensor becomes a neutral one.</summary>
public enum HfTransform
{
    None,
    /// <summary>GPT-2's Conv1D stores [in, out]; the neutral model wants [out, in].</summary>
    Transpose,
    /// <summary>Drop leading 1-dimensions (ViT's [1, N, d] position table, [1, 1, d] class token).</summary>
    Squeeze,
}

/// <summary>One neutral tensor and where it is in the checkpoint.</summary>
public sealed record HfTensor(string Neutral, string Checkpoint, HfTransform Transform);

/// <summary>A Hugging Face architecture mapped onto the neutral description: its config plus a tensor map.</summary>
public sealed record HfLayout(string Family, ModelConfig Config, IReadOnlyList<HfTensor> Tensors)
{
    /// <summary>Helper for layouts: a linear module's weight and, when the checkpoint has one, bias.</summary>
    public static IEnumerable<HfTensor> Linear(Func<string, bool> exists, string neutral, string checkpoint, HfTransform weight = HfTransform.None)
    {
        yield return new HfTensor(TensorNames.Weight(neutral), checkpoint + ".weight", weight);
        if (exists(checkpoint + ".bias")) yield return new HfTensor(TensorNames.Bias(neutral), checkpoint + ".bias", HfTransform.None);
    }

    /// <summary>A norm's gain and (if present) bias.</summary>
    public static IEnumerable<HfTensor> Norm(Func<string, bool> exists, string neutralSite, string checkpoint) =>
        Linear(exists, neutralSite, checkpoint);
}
