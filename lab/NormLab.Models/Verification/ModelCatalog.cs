using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Llama2c;
using NormLab.Models.Formats.Safetensors;
using NormLab.Models.Formats.Torch;
using NormLab.Models.Synthetic;

namespace NormLab.Models.Verification;

/// <summary>A model verify and convert can name: builtin:NAME, with a line of description.</summary>
public sealed record BuiltinModel(string Name, string Description, Func<VerificationTarget> Open);

/// <summary>
/// Resolves `--model PATH|builtin:NAME` to a verification target. A new model family is one line
/// in <see cref="Builtins"/> (a named model) or <see cref="FileOpeners"/> (a file format).
/// </summary>
public static class ModelCatalog
{
    public const string BuiltinPrefix = "builtin:";
    private const int StoriesGreedyTokens = 64;
    /// <summary>llama2.c's BOS token: a story from scratch (the tokenizer is not available, so ids only).</summary>
    private static readonly int[] StoriesPrompt = [1];

    public static IReadOnlyList<BuiltinModel> Builtins { get; } =
    [
        new("stories260K", "llama2.c stories260K (shared fixture): RMSNorm, SwiGLU, GQA, rotary, tied head; + 64-token greedy check",
            () => Seeded(Llama2cCheckpoint.Load(FixturePaths.Require("stories260K.bin"), "stories260K")) with
            {
                GreedyTokens = StoriesGreedyTokens, GreedyPrompt = StoriesPrompt,
            }),
        new("gpt2-small-synthetic", "GPT-2 small shape (12 layers, d 768, 12 heads, vocab 8192), seeded random weights",
            () => Seeded(SyntheticGpt.Create(new SyntheticGptOptions(), "gpt2-small-synthetic"))),
        new("gpt2-small-synthetic-lns", "the same with LayerNorm Scaling (1/sqrt(ℓ) on each block's input norms)",
            () => Seeded(SyntheticGpt.Create(new SyntheticGptOptions { LayerScaling = true }, "gpt2-small-synthetic-lns"))),
        new(Onnx.PpOcr.PpOcrVerificationTarget.BuiltinName, "PP-OCRv4 recognizer (npm fixture): its SVTR Pre-LN stage on an ORT-captured input; + ONNX graphs in ORT on rendered text",
            Onnx.PpOcr.PpOcrVerificationTarget.OpenBuiltin),
        new("gpt2-synthetic-N", "GPT-2 small shape with N layers (e.g. gpt2-synthetic-48), for depth and memory scaling",
            () => throw new ArgumentException("give a depth: builtin:gpt2-synthetic-48")),
    ];

    /// <summary>File formats by content/extension; the first that accepts a path opens it.</summary>
    public static IReadOnlyList<(Func<string, bool> Accepts, Func<string, VerificationTarget> Open)> FileOpeners { get; } =
    [
        (TorchModels.Accepts, path => Seeded(TorchModels.Load(path))),
        (PickleGuard.LooksLikePickle, path => throw PickleGuard.Refusal(path)),
        (path => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase), path => Seeded(SafetensorsModels.Load(path))),
        (path => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase), path => Onnx.PpOcr.PpOcrVerificationTarget.Open(path)),
        (path => path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase),
            path => Seeded(Llama2cCheckpoint.Load(path)) with { GreedyTokens = StoriesGreedyTokens, GreedyPrompt = StoriesPrompt }),
    ];

    public static VerificationTarget Open(string spec)
    {
        if (spec.StartsWith(BuiltinPrefix, StringComparison.Ordinal))
        {
            string name = spec[BuiltinPrefix.Length..];
            if (DepthVariant(name) is { } depth)
                return Seeded(SyntheticGpt.Create(new SyntheticGptOptions { Layers = depth }, name));
            var entry = Builtins.FirstOrDefault(b => b.Name == name)
                ?? throw new ArgumentException($"unknown builtin model {name}; known: {string.Join(", ", Builtins.Select(b => b.Name))}.", nameof(spec));
            return entry.Open();
        }
        if (TorchModels.SplitSpec(spec) is (var file, { } keyPath))
            return File.Exists(file) ? Seeded(TorchModels.Load(file, keyPath)) : throw new FileNotFoundException($"model file not found: {file}", file);
        if (!File.Exists(spec)) throw new FileNotFoundException($"model file not found: {spec}", spec);
        foreach (var (accepts, open) in FileOpeners)
            if (accepts(spec)) return open(spec);
        throw new ArgumentException($"{spec}: unknown model format (expected .safetensors, a torch.save .pt/.bin zip, a llama2.c .bin, a PP-OCRv4 .onnx, or builtin:NAME).", nameof(spec));
    }

    private static VerificationTarget Seeded(NeutralModel model) => new(model, VerificationTarget.SeededInput(model.Config));

    private static int? DepthVariant(string name) =>
        name.StartsWith("gpt2-synthetic-", StringComparison.Ordinal) && int.TryParse(name["gpt2-synthetic-".Length..], out int depth) && depth > 0
            ? depth : null;
}
