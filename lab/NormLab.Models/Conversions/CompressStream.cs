using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// SPEC 3: a zero-mean vector is fixed by its first d − 1 elements. Tables entering the stream lose
/// their last column, writers their last output row (and bias element), and every reader of a
/// normalized vector folds its last input column into the others (W'[:, i] = W[:, i] − W[:, d−1]).
/// The norms become CRMSNorm on the d − 1 stream: Pre-CRMSNorm, the same function.
/// </summary>
public sealed class CompressStream : IModelConversion
{
    public string Name => "pre-crmsnorm";

    public string? WhyNot(ModelConfig c) =>
        !c.ZeroMeanStream ? "the stream must be zero-mean (recenter first)"
        : c.Norm != NormType.RmsNorm ? $"expects parameter-free RMSNorm (convert to pre-rmsnorm first), the model has {c.Norm}"
        : c.DeferredNorm ? "compress before deferring the norm (FlashNorm)"
        : c.Dim < 2 ? "d must be at least 2"
        : null;

    public IReadOnlyList<string> Changes(ModelConfig c) =>
    [
        $"main branch stored in d − 1 = {c.Dim - 1} elements (the last one is minus the sum of the others)",
        "dropped the last stream element of everything that writes into the stream (token/position tables, patch projection, class token, every W_o, W_2 and their biases)",
        "folded the last input column into the others in every reader of a norm (Q/K/V, MLP up/gate, head)",
        "RMSNorm → CRMSNorm",
        .. c.Head == HeadKind.None ? ["headless: the exit restores the d-th element and applies the final norm's gain and bias in full width"] : Array.Empty<string>(),
    ];

    public ModelConfig Describe(ModelConfig c) => c with { Norm = NormType.CRmsNorm, CompressedStream = true };

    public NeutralModel Apply(NeutralModel model)
    {
        this.Require(model);
        var c = model.Config;
        var source = model.Weights;
        var weights = LazyTensorSet.From(source);
        var readers = Enumerable.Range(0, c.Layers)
            .SelectMany(l => TensorNames.AttnReaders(c, l).Concat(TensorNames.MlpReaders(c, l)))
            .Concat(c.Head == HeadKind.None ? [] : [TensorNames.Head])
            .Select(TensorNames.Weight).ToHashSet();
        var inputs = StreamInputs.Of(c);
        foreach (string name in source.Names)
        {
            if (inputs.TryGetValue(name, out var axis))
                weights.Set(name, () => StreamInputs.DropLast(source.Load(name), axis));
            else if (readers.Contains(name))
                weights.Set(name, () => WeightAlgebra.FoldLastInput(source.Load(name)));
            else if (TensorNames.IsNormParameter(name) && !(c.Head == HeadKind.None && name.StartsWith(TensorNames.FinalNorm + ".", StringComparison.Ordinal)))
                throw new InvalidOperationException(
                    $"{Name} does not apply to {model.Name}: norm parameter {name} is still there (a compressed stream cannot carry a d-wide gain/bias).");
        }
        if (c.Head == HeadKind.Tied)
            throw new InvalidOperationException($"{Name} does not apply to {model.Name}: the head is tied (fold the final norm into an untied head first).");
        return model with { Config = Describe(c), Weights = weights };
    }
}
