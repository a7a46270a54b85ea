using NormLab.Models.Description;

namespace NormLab.Models.Formats;

/// <summary>A checkpoint file's tensors by the file's own names (safetensors, a torch.save zip): what a layout maps from.</summary>
public interface ITensorFile
{
    string Path { get; }

    IEnumerable<string> TensorNames { get; }

    bool Contains(string name);

    /// <summary>The tensor in float64, named <paramref name="asName"/> (default: its own name).</summary>
    Tensor Read(string name, string? asName = null);
}
