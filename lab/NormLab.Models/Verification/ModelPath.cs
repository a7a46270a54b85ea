namespace NormLab.Models.Verification;

/// <summary>
/// `--model` given as a folder or as a Hugging Face config.json: the one weights file it stands for
/// (model.safetensors, pytorch_model.bin, or the folder's only .safetensors/.pt/.pth/.bin), or one
/// line saying what was looked for.
/// </summary>
public static class ModelPath
{
    private static readonly string[] Preferred = ["model.safetensors", "pytorch_model.bin", "model.pt"];
    private static readonly string[] Extensions = [".safetensors", ".pt", ".pth", ".bin", ".ckpt", ".onnx"];

    public static string Resolve(string spec)
    {
        string folder;
        if (Directory.Exists(spec)) folder = spec;
        else if (Path.GetFileName(spec).Equals("config.json", StringComparison.OrdinalIgnoreCase) && File.Exists(spec))
            folder = Path.GetDirectoryName(Path.GetFullPath(spec)) ?? ".";
        else return spec;
        foreach (string name in Preferred)
            if (File.Exists(Path.Combine(folder, name))) return Path.Combine(folder, name);
        var candidates = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal).ToList();
        return candidates switch
        {
            [var only] => only,
            [] => throw new UsageException(
                $"model folder {folder}: no weights file in it (looked for {string.Join(", ", Preferred)} or one *{string.Join("/*", Extensions)}); give --model FILE."),
            _ => throw new UsageException(
                $"model folder {folder}: {candidates.Count} weights files ({string.Join(", ", candidates.Select(Path.GetFileName))}); give --model FILE to pick one."),
        };
    }
}
