using System.Text.Json;
using NormLab.Models.Description;

namespace NormLab.Models.Formats.Safetensors;

/// <summary>Parses and validates a safetensors JSON header against the size of the data section.</summary>
internal static class SafetensorsHeader
{
    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(string path, byte[] header, long dataLength)
    {
        if (!System.Text.Unicode.Utf8.IsValid(header))
            throw new InvalidDataException($"{path}: the safetensors header is not valid UTF-8.");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: the safetensors header is not valid JSON ({e.Message}).", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: the safetensors header is not a JSON object.");
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                // JSON allows a repeated key; which tensor it names would be ambiguous.
                if (!names.Add(property.Name))
                    throw new InvalidDataException($"{path}: tensor {property.Name} appears twice in the safetensors header.");
                if (property.Name == SafetensorsFile.MetadataKey)
                {
                    metadata = Metadata(path, property.Value);
                    continue;
                }
                entries.Add(Entry(path, property.Name, property.Value, dataLength));
            }
            CheckOverlaps(path, entries);
            return (entries, metadata);
        }
    }

    private static SafetensorsEntry Entry(string path, string name, JsonElement e, long dataLength)
    {
        string where = $"{path}: tensor {name}";
        try
        {
            string dtype = e.GetProperty("dtype").GetString() ?? "";
            var type = dtype switch
            {
                "F64" => StorageType.F64,
                "F32" => StorageType.F32,
                "F16" => StorageType.F16,
                "BF16" => StorageType.BF16,
                _ => throw new InvalidDataException($"{where}: unknown or unsupported dtype \"{dtype}\" (the lab reads F64, F32, F16, BF16)."),
            };
            int[] shape = e.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).ToArray();
            long count = ModelLimits.Elements(shape, where);
            long[] offsets = e.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                throw new InvalidDataException(
                    $"{where}: data_offsets [{string.Join(", ", offsets)}] are out of range of the data section ({dataLength} bytes).");
            var entry = new SafetensorsEntry(name, type, shape, offsets[0], offsets[1]);
            long expected = count * type.ByteSize();
            if (expected != entry.End - entry.Begin)
                throw new InvalidDataException(
                    $"{where}: shape [{string.Join(", ", shape)}] of {dtype} needs {expected} bytes, data_offsets give {entry.End - entry.Begin}.");
            return entry;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{where}: malformed header entry (needs dtype, shape, data_offsets): {ex.Message}", ex);
        }
    }

    private static Dictionary<string, string> Metadata(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path}: {SafetensorsFile.MetadataKey} must be an object of strings, found {value.ValueKind}.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in value.EnumerateObject())
            metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String
                ? m.Value.GetString()!
                : throw new InvalidDataException($"{path}: {SafetensorsFile.MetadataKey} field {m.Name} must be a string, found {m.Value.ValueKind}.");
        return metadata;
    }

    private static void CheckOverlaps(string path, List<SafetensorsEntry> entries)
    {
        var sorted = entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ToList();
        for (int i = 1; i < sorted.Count; i++)
            if (sorted[i].Begin < sorted[i - 1].End)
                throw new InvalidDataException(
                    $"{path}: tensors {sorted[i - 1].Name} [{sorted[i - 1].Begin}, {sorted[i - 1].End}) and {sorted[i].Name} [{sorted[i].Begin}, {sorted[i].End}) overlap.");
    }
}
