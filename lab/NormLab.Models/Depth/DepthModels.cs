using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Llama2c;
using NormLab.Models.Synthetic;

namespace NormLab.Models.Depth;

/// <summary>
/// The models `normlab depth --model` accepts: builtin:stories260k (shared fixture), builtin:gpt2-small
/// (GPT-2-small-shaped, seeded weights, see <see cref="SyntheticGpt"/>), or a llama2.c checkpoint path.
/// </summary>
public static class DepthModels
{
    public const string Builtin = "builtin:";
    public static readonly string[] BuiltinNames = ["stories260k", "gpt2-small"];

    public static NeutralModel Resolve(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new ArgumentException("--model is empty.", nameof(spec));
        if (spec.StartsWith(Builtin, StringComparison.OrdinalIgnoreCase))
            return spec[Builtin.Length..].ToLowerInvariant() switch
            {
                "stories260k" => Llama2cCheckpoint.Load(FixturePaths.Require("stories260K.bin"), "stories260K"),
                "gpt2-small" => SyntheticGpt.Create(new SyntheticGptOptions(), "gpt2-small-synthetic"),
                var other => throw new ArgumentException(
                    $"unknown builtin model '{other}'; known: {string.Join(", ", BuiltinNames.Select(n => Builtin + n))}.", nameof(spec)),
            };
        if (!File.Exists(spec)) throw new FileNotFoundException($"model file {spec} not found.", spec);
        return Llama2cCheckpoint.Load(spec, Path.GetFileNameWithoutExtension(spec));
    }
}
