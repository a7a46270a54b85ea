namespace NormLab.Models.Description;

/// <summary>
/// Where a model's weights come from, by neutral name (<see cref="TensorNames"/>). Loading is lazy:
/// a tensor is read (or generated, or converted) only when asked for, and the caller drops it when
/// done, so a forward holds about one block's weights at a time.
/// </summary>
public interface ITensorSource
{
    /// <summary>Every tensor name the model has, in a stable order.</summary>
    IReadOnlyList<string> Names { get; }

    bool Contains(string name);

    /// <summary>A fresh array each call (the caller may keep or modify it). Throws naming the tensor when absent.</summary>
    Tensor Load(string name);
}
