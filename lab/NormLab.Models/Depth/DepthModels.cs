using NormLab.Models.Description;
using NormLab.Models.Forward;
using NormLab.Models.Verification;

namespace NormLab.Models.Depth;

/// <summary>A model to analyse, with the input it must run on (null: the seeded token/entry input of <see cref="DepthInputs"/>).</summary>
public sealed record DepthTarget(NeutralModel Model, ForwardInput? Input = null, string? InputNote = null);

/// <summary>
/// What `normlab depth --model` accepts: everything verify's <see cref="ModelCatalog"/> opens
/// (builtin:stories260K, builtin:gpt2-small-synthetic, builtin:gpt2-synthetic-N, .safetensors, llama2.c
/// .bin), plus builtin:ppocrv4 — PP-OCRv4's SVTR transformer stage on the stage input ORT computes for
/// a rendered text line (<see cref="DepthPpOcr"/>).
/// </summary>
public static class DepthModels
{
    public const string PpOcr = ModelCatalog.BuiltinPrefix + "ppocrv4";

    public static DepthTarget Resolve(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new UsageException("--model is empty.");
        if (spec == PpOcr) return DepthPpOcr.Load();
        var target = ModelCatalog.Open(spec);
        // A data-set model (ViT-MNIST) is analysed on its first real input rather than on noise.
        return target.Dataset is { } data
            ? new DepthTarget(target.Model, target.Input, $"input {data.Inputs[0].Index} of {data.Description}")
            : new DepthTarget(target.Model);
    }
}
