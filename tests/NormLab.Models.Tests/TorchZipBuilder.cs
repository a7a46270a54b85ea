using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NormLab.Models.Tests;

/// <summary>Zips members in torch.save's layout (ARCHIVE/data.pkl, ARCHIVE/data/KEY, ...), stored or deflated; sizes may lie (tests only).</summary>
internal static class TorchZipBuilder
{
    public sealed record Member(string Name, byte[] Data, bool Deflate = false, long? DeclaredSize = null);

    public static Member[] Checkpoint(byte[] pickle, params (string Key, byte[] Data)[] storages) =>
        [new("archive/data.pkl", pickle), new("archive/byteorder", "little"u8.ToArray()),
            .. storages.Select(s => new Member($"archive/data/{s.Key}", s.Data)), new("archive/version", "3\n"u8.ToArray())];

    public static void Write(string path, IEnumerable<Member> members)
    {
        using var file = new MemoryStream();
        var central = new MemoryStream();
        int count = 0;
        foreach (var m in members)
        {
            byte[] data = m.Deflate ? Deflated(m.Data) : m.Data;
            long offset = file.Position;
            byte[] name = Encoding.UTF8.GetBytes(m.Name);
            uint size = (uint)(m.DeclaredSize ?? m.Data.Length);
            ushort method = (ushort)(m.Deflate ? 8 : 0);
            Write(file, 4, 0x04034b50); Write(file, 2, 20); Write(file, 2, 0); Write(file, 2, method); Write(file, 4, 0);
            Write(file, 4, 0); Write(file, 4, (uint)data.Length); Write(file, 4, size); Write(file, 2, (uint)name.Length); Write(file, 2, 0);
            file.Write(name);
            file.Write(data);
            Write(central, 4, 0x02014b50); Write(central, 2, 20); Write(central, 2, 20); Write(central, 2, 0); Write(central, 2, method);
            Write(central, 4, 0); Write(central, 4, 0); Write(central, 4, (uint)data.Length); Write(central, 4, size);
            Write(central, 2, (uint)name.Length); Write(central, 2, 0); Write(central, 2, 0); Write(central, 2, 0); Write(central, 2, 0);
            Write(central, 4, 0); Write(central, 4, (uint)offset);
            central.Write(name);
            count++;
        }
        long directoryOffset = file.Position;
        central.Position = 0;
        central.CopyTo(file);
        Write(file, 4, 0x06054b50); Write(file, 2, 0); Write(file, 2, 0); Write(file, 2, (uint)count); Write(file, 2, (uint)count);
        Write(file, 4, (uint)central.Length); Write(file, 4, (uint)directoryOffset); Write(file, 2, 0);
        File.WriteAllBytes(path, file.ToArray());
    }

    private static byte[] Deflated(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(data);
        return output.ToArray();
    }

    private static void Write(Stream s, int width, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        s.Write(b[..width]);
    }
}
