using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Synthetic;

namespace NormLab.Models.Export;

/// <summary>
/// The shapes `export-forms` writes: the lab's two timed shapes (<see cref="ModelForms.Shapes"/>) by their
/// names, and "tiny" (2 layers, d 64) for rehearsals and CI, where the real ones would take minutes to write.
/// </summary>
public static class FormShapes
{
    public const string Tiny = "tiny";

    /// <summary>GPT-2's context: prefill 1024 and a decode step after a 1023-token cache need 1024 learned positions.</summary>
    public const int DefaultMaxSeq = 1024;

    /// <summary>The models named in <paramref name="selection"/> (comma-separated; null or empty: the two timed shapes).</summary>
    public static IReadOnlyList<NeutralModel> Select(string? selection, int maxSeq = DefaultMaxSeq)
    {
        var timed = ModelForms.Shapes(maxSeq);
        if (string.IsNullOrWhiteSpace(selection)) return timed;
        var known = timed.Append(TinyModel(maxSeq)).ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        return
        [
            .. selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(name => known.TryGetValue(name, out var model)
                    ? model
                    : throw new UsageException($"unknown shape '{name}' (known: {string.Join(", ", known.Keys)})")),
        ];
    }

    /// <summary>2 layers, d 64, 4 heads, vocabulary 256: the same architecture as the timed shapes, seconds to export.</summary>
    public static NeutralModel TinyModel(int maxSeq = 64) => SyntheticGpt.Create(
        new SyntheticGptOptions { Layers = 2, Dim = 64, Heads = 4, Hidden = 256, Vocab = 256, MaxSeq = maxSeq }, Tiny);
}
