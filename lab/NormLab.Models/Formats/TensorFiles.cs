using NormLab.Models.Formats.Safetensors;

namespace NormLab.Models.Formats;

/// <summary>The one place a checkpoint file becomes an <see cref="ITensorFile"/>, by its content.</summary>
public static class TensorFiles
{
    public static ITensorFile Open(string path, string? keyPath = null)
    {
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            if (keyPath is not null) throw new InvalidDataException($"{path}: a safetensors file is flat; the layout's keyPath \"{keyPath}\" does not apply.");
            return SafetensorsFile.Open(path);
        }
        if (Torch.TorchModels.Accepts(path)) return Torch.TorchCheckpoint.Open(path, keyPath);
        throw new InvalidDataException($"{path}: not a tensor file the lab reads (.safetensors; a torch.save zip .pt/.pth/.bin/.ckpt).");
    }
}
