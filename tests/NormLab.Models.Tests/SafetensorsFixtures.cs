using System.Text;
using System.Text.Json;

namespace NormLab.Models.Tests;

/// <summary>Hand-built safetensors files (valid and deliberately broken) in a temp folder.</summary>
internal sealed class SafetensorsFixtures : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("normlab-st-").FullName;

    /// <summary>Writes header JSON (as given) and raw data; <paramref name="declaredLength"/> overrides the u64 header length.</summary>
    public string Raw(string name, string headerJson, byte[] data, ulong? declaredLength = null)
    {
        string path = Path.Combine(Folder, name);
        var header = Encoding.UTF8.GetBytes(headerJson);
        using var f = File.Create(path);
        f.Write(BitConverter.GetBytes(declaredLength ?? (ulong)header.Length));
        f.Write(header);
        f.Write(data);
        return path;
    }

    public static string Header(params (string Name, string Dtype, int[] Shape, long Begin, long End)[] tensors) =>
        JsonSerializer.Serialize(tensors.ToDictionary(t => t.Name, t => (object)new { dtype = t.Dtype, shape = t.Shape, data_offsets = new[] { t.Begin, t.End } }));

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
