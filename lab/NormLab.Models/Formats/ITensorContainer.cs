using NormLab.Models.Description;

namespace NormLab.Models.Formats;

/// <summary>A checkpoint file holding named tensors read on demand (safetensors, a torch.save zip), so layouts map either.</summary>
public interface ITensorContainer
{
    string Path { get; }
    bool Contains(string name);
    Tensor Read(string name, string? asName = null);
}
