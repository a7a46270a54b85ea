using NormLab.Models.Description;
using NormLab.Models.Formats.Safetensors;

namespace NormLab.Models.Export;

/// <summary>
/// A file the lab wrote, read back exactly as stored: every tensor decoded to float64 and nothing else.
/// <see cref="SafetensorsModels.Load"/> would re-project a recentered stream stored below float64 onto zero
/// mean; an outside reader (the PyTorch script) sees the stored values, so its reference must too.
/// </summary>
public static class StoredForm
{
    public static NeutralModel Open(string path)
    {
        var file = SafetensorsFile.Open(path);
        if (!file.Metadata.TryGetValue(SafetensorsModels.ConfigKey, out string? json))
            throw new InvalidDataException($"{path}: no {SafetensorsModels.ConfigKey} metadata; not a file the lab wrote.");
        var set = new LazyTensorSet();
        foreach (var e in file.Entries) set.Set(e.Name, () => file.Read(e.Name));
        return new NeutralModel(file.Metadata.GetValueOrDefault(SafetensorsModels.NameKey, Path.GetFileNameWithoutExtension(path)),
            ModelConfigJson.Deserialize(json, path), set);
    }
}
