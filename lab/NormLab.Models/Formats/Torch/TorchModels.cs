using NormLab.Models.Description;
using NormLab.Models.Formats.Safetensors;

namespace NormLab.Models.Formats.Torch;

/// <summary>
/// Opens a torch.save zip checkpoint as a neutral model through the Hugging Face layouts (names + config.json
/// beside the file). A spec "file.pt#model" names the state dict's key path inside the checkpoint.
/// </summary>
public static class TorchModels
{
    private static readonly string[] Extensions = [".pt", ".pth", ".bin", ".ckpt"];

    /// <summary>A torch extension and zip content: a llama2.c .bin (no zip magic) is left to its reader.</summary>
    public static bool Accepts(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && ZipDirectory.HasZipMagic(path);

    /// <summary>Splits "file.pt#key.path" into the file and the key path (null without '#'); the one place the syntax is parsed.</summary>
    public static (string File, string? KeyPath) SplitSpec(string spec)
    {
        int hash = spec.LastIndexOf('#');
        return hash > 0 && Extensions.Any(e => spec[..hash].EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? (spec[..hash], spec[(hash + 1)..]) : (spec, null);
    }

    public static NeutralModel Load(string path, string? keyPath = null)
    {
        var checkpoint = TorchCheckpoint.Open(path, keyPath);
        return SafetensorsModels.FromLayout(checkpoint, Path.GetFileNameWithoutExtension(path))
            ?? throw new InvalidDataException(
                $"{path}: its {checkpoint.Entries.Count} tensors (e.g. {string.Join(", ", checkpoint.Entries.Take(3).Select(e => e.Name))}) match no recognised Hugging Face layout (GPT-2, Llama, ViT); map them with --layout FILE (README \"Your own model\").");
    }
}
