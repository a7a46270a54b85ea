using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// One exact conversion step on a neutral model: a new description and lazily converted weights
/// (nothing is computed until a tensor is loaded). <see cref="Changes"/> lists, in words, what the
/// step does to a given model (for the convert manifest).
/// </summary>
public interface IModelConversion
{
    /// <summary>Short id, e.g. "recenter" (also the variant name in verify).</summary>
    string Name { get; }

    /// <summary>Null when the step applies to a model of this shape, else why not.</summary>
    string? WhyNot(ModelConfig config);

    /// <summary>The description after the step (planning needs no weights).</summary>
    ModelConfig Describe(ModelConfig config);

    NeutralModel Apply(NeutralModel model);

    IReadOnlyList<string> Changes(ModelConfig config);
}

/// <summary>Shared precondition check.</summary>
public static class ModelConversionExtensions
{
    public static void Require(this IModelConversion step, NeutralModel model)
    {
        if (step.WhyNot(model.Config) is { } reason)
            throw new InvalidOperationException($"{step.Name} does not apply to {model.Name}: {reason}");
    }
}
