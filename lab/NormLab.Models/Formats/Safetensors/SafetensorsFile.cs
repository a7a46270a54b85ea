using System.Text.Json;
using NormLab.Models.Description;

namespace NormLab.Models.Formats.Safetensors;

/// <summary>
/// A safetensors file: u64 header length, JSON header (name → dtype, shape, data_offsets; optional
/// __metadata__), then the data. Opening validates the whole header (length, JSON, dtypes, shapes
/// against byte counts, offsets in range and not overlapping); tensors are then read lazily
/// through a memory map. Every error names the file and the tensor.
/// </summary>
public sealed class SafetensorsFile : ITensorContainer
{
    public const string MetadataKey = "__metadata__";
    private readonly Dictionary<string, SafetensorsEntry> _entries;

    private SafetensorsFile(string path, long dataStart, List<SafetensorsEntry> entries, Dictionary<string, string> metadata)
    {
        Path = path;
        DataStart = dataStart;
        Entries = entries;
        Metadata = metadata;
        _entries = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public string Path { get; }
    public long DataStart { get; }
    public IReadOnlyList<SafetensorsEntry> Entries { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public bool Contains(string name) => _entries.ContainsKey(name);

    public SafetensorsEntry Entry(string name) =>
        _entries.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"{Path}: no tensor named {name}.");

    public Tensor Read(string name, string? asName = null)
    {
        var e = Entry(name);
        return new Tensor(asName ?? name, e.Shape, MappedTensorReader.Read(Path, DataStart + e.Begin, e.Count, e.Type));
    }

    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file not found: {path}", path);
        long fileLength = new FileInfo(path).Length;
        if (fileLength < 8) throw new InvalidDataException($"{path}: {fileLength} bytes cannot hold a safetensors header length (8 bytes).");
        byte[] header;
        using (var stream = File.OpenRead(path))
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            stream.ReadExactly(lengthBytes);
            ulong headerLength = BitConverter.ToUInt64(lengthBytes);
            if (headerLength > (ulong)(fileLength - 8))
                throw new InvalidDataException($"{path}: header length {headerLength} runs past the end of the file ({fileLength} bytes).");
            header = new byte[headerLength];
            stream.ReadExactly(header);
        }
        long dataStart = 8 + header.Length, dataLength = fileLength - dataStart;
        var (entries, metadata) = SafetensorsHeader.Parse(path, header, dataLength);
        return new SafetensorsFile(path, dataStart, entries, metadata);
    }
}
