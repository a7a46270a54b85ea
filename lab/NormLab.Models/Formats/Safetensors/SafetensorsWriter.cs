using System.Text.Json;
using NormLab.IO;
using NormLab.Models.Description;

namespace NormLab.Models.Formats.Safetensors;

/// <summary>
/// Writes tensors as safetensors, loading one at a time from a source (a converted model streams
/// through without being held whole): data goes to a scratch file of its own first, then header +
/// data into the target through <see cref="AtomicOutput"/>, so a failure leaves any old file intact.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, ITensorSource source, StorageType type, IReadOnlyDictionary<string, string> metadata)
    {
        string dataPath = AtomicOutput.ScratchPath(path);
        var header = new Dictionary<string, object> { [SafetensorsFile.MetadataKey] = metadata };
        try
        {
            long offset = 0;
            using (var data = new FileStream(dataPath, FileMode.CreateNew, FileAccess.Write))
            {
                foreach (string name in source.Names)
                {
                    var t = source.Load(name);
                    byte[] bytes = Encode(t.Data, type);
                    data.Write(bytes);
                    header[name] = new { dtype = type.ToString(), shape = t.Shape, data_offsets = new[] { offset, offset + bytes.Length } };
                    offset += bytes.Length;
                }
            }
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
            int padded = (json.Length + 7) / 8 * 8; // the format allows trailing spaces; aligned data is friendlier to readers
            AtomicOutput.Write(path, output =>
            {
                output.Write(BitConverter.GetBytes((ulong)padded));
                output.Write(json);
                for (int i = json.Length; i < padded; i++) output.WriteByte((byte)' ');
                using var dataIn = File.OpenRead(dataPath);
                dataIn.CopyTo(output);
            });
        }
        finally
        {
            File.Delete(dataPath);
        }
    }

    /// <summary>The stored bytes: F16 rounds to nearest even from float64; BF16 from the float32 value (round to nearest even, NaN kept quiet).</summary>
    public static byte[] Encode(double[] data, StorageType type)
    {
        switch (type)
        {
            case StorageType.F64:
                return System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
            case StorageType.F32:
                {
                    var f = new float[data.Length];
                    for (int i = 0; i < f.Length; i++) f[i] = (float)data[i];
                    return System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()).ToArray();
                }
            case StorageType.F16:
                {
                    var h = new Half[data.Length];
                    for (int i = 0; i < h.Length; i++) h[i] = (Half)data[i];
                    return System.Runtime.InteropServices.MemoryMarshal.AsBytes(h.AsSpan()).ToArray();
                }
            case StorageType.BF16:
                {
                    var b = new ushort[data.Length];
                    for (int i = 0; i < b.Length; i++) b[i] = BFloat16Bits((float)data[i]);
                    return System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.AsSpan()).ToArray();
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    private static ushort BFloat16Bits(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }
}
