using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NormLab.Models.Formats.Torch;

/// <summary>One zip member: where its bytes start in the file (past the local header), how stored, and its sizes.</summary>
internal sealed record ZipMember(string Name, ushort Method, long DataStart, long CompressedSize, long Size)
{
    public const ushort Stored = 0;
    public const ushort Deflated = 8;
}

/// <summary>
/// The central directory of a zip file (zip64 included), read by hand because the BCL's ZipArchive
/// does not expose where a member's bytes lie — and torch.save stores members uncompressed so they
/// can be memory-mapped in place. Every size and offset is checked against the file's length.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50, End64Signature = 0x06064b50, End64LocatorSignature = 0x07064b50;
    private const uint CentralSignature = 0x02014b50, LocalSignature = 0x04034b50;
    private const int EndSize = 22, MaxComment = 0xFFFF, MaxMembers = 1 << 20, MaxDirectoryBytes = 64 << 20;

    public static bool HasZipMagic(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) == LocalSignature;
    }

    public static Dictionary<string, ZipMember> Read(string path, FileStream stream)
    {
        long length = stream.Length;
        if (length < EndSize) throw Bad(path, $"{length} bytes cannot hold a zip end record ({EndSize} bytes)");
        int tailLength = (int)Math.Min(length, EndSize + MaxComment);
        var tail = ReadAt(stream, length - tailLength, tailLength);
        int end = tail.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        if (end < 0 || end + EndSize > tailLength) throw Bad(path, "no zip end-of-central-directory record (truncated or not a zip)");
        var record = tail.AsSpan(end);
        long count = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        if (count == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF)
            (count, directorySize, directoryOffset) = ReadZip64End(path, stream, length - tailLength + end);
        if (count > MaxMembers) throw Bad(path, $"{count} zip members (the limit is {MaxMembers})");
        if (directorySize > MaxDirectoryBytes) throw Bad(path, $"central directory of {directorySize} bytes (the limit is {MaxDirectoryBytes})");
        if (directoryOffset < 0 || directorySize < 0 || directoryOffset > length || directorySize > length - directoryOffset)
            throw Bad(path, $"central directory at {directoryOffset} (+{directorySize} bytes) runs past the end of the file ({length} bytes)");
        var directory = ReadAt(stream, directoryOffset, (int)directorySize);
        var members = new Dictionary<string, ZipMember>(StringComparer.Ordinal);
        int at = 0;
        for (long i = 0; i < count; i++)
        {
            var member = ReadCentral(path, stream, directory, ref at, length);
            if (!members.TryAdd(member.Name, member)) throw Bad(path, $"zip member {member.Name} appears twice");
        }
        return members;
    }

    /// <summary>Inflates a deflated member, refusing it when it declares or inflates to more than <paramref name="limit"/> bytes or to other than its declared size.</summary>
    public static byte[] Inflate(string path, FileStream stream, ZipMember member, long limit)
    {
        if (member.Size > limit) throw Bad(path, $"{member.Name} declares {member.Size} bytes uncompressed; the limit is {limit}");
        stream.Position = member.DataStart;
        using var inflater = new DeflateStream(new BoundedStream(stream, member.CompressedSize), CompressionMode.Decompress, leaveOpen: true);
        var data = new byte[member.Size];
        int read = 0;
        try
        {
            while (read < data.Length && inflater.Read(data, read, data.Length - read) is var n and > 0) read += n;
            if (read < data.Length) throw Bad(path, $"{member.Name} inflates to {read} bytes, its header declares {member.Size}");
            Span<byte> extra = stackalloc byte[1];
            if (inflater.Read(extra) > 0) throw Bad(path, $"{member.Name} inflates past its declared {member.Size} bytes (zip bomb?)");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw Bad(path, $"{member.Name}: corrupt deflate data ({e.Message})");
        }
        return data;
    }

    private static (long Count, long Size, long Offset) ReadZip64End(string path, FileStream stream, long endPosition)
    {
        if (endPosition < 20) throw Bad(path, "zip64 fields without a zip64 end locator");
        var locator = ReadAt(stream, endPosition - 20, 20);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != End64LocatorSignature) throw Bad(path, "zip64 fields without a zip64 end locator");
        long recordOffset = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8)));
        if (recordOffset < 0 || recordOffset > stream.Length - 56) throw Bad(path, $"zip64 end record offset {recordOffset} is outside the file");
        var record = ReadAt(stream, recordOffset, 56);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != End64Signature) throw Bad(path, "zip64 end record signature missing");
        return (Long(path, record, 32), Long(path, record, 40), Long(path, record, 48));
    }

    private static ZipMember ReadCentral(string path, FileStream stream, byte[] directory, ref int at, long length)
    {
        if (at > directory.Length - 46 || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(at)) != CentralSignature)
            throw Bad(path, $"central directory entry at +{at} is truncated or has no signature");
        var h = directory.AsSpan(at);
        ushort method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]), size = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]), extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
        long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
        int next = at + 46 + nameLength + extraLength + commentLength;
        if (next > directory.Length) throw Bad(path, $"central directory entry at +{at} runs past the directory");
        string name = Encoding.UTF8.GetString(h.Slice(46, nameLength));
        ReadZip64Extra(path, name, h.Slice(46 + nameLength, extraLength), ref size, ref compressed, ref localOffset);
        at = next;
        if (localOffset > length - 30) throw Bad(path, $"{name}: local header offset {localOffset} is outside the file");
        var local = ReadAt(stream, localOffset, 30);
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalSignature) throw Bad(path, $"{name}: no local header at {localOffset}");
        long dataStart = localOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
        if (compressed > length - dataStart || (method == ZipMember.Stored && size != compressed))
            throw Bad(path, $"{name}: {compressed} bytes at {dataStart} (uncompressed {size}) do not fit the file ({length} bytes)");
        return new ZipMember(name, method, dataStart, compressed, size);
    }

    /// <summary>The zip64 extra field holds, in this order, only the sizes/offset whose 32-bit fields are 0xFFFFFFFF.</summary>
    private static void ReadZip64Extra(string path, string name, ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra), fieldLength = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (fieldLength > extra.Length - 4) throw Bad(path, $"{name}: extra field runs past its entry");
            var field = extra.Slice(4, fieldLength);
            if (id == 1)
            {
                int at = 0;
                if (size == 0xFFFFFFFF) size = Field64(path, name, field, ref at);
                if (compressed == 0xFFFFFFFF) compressed = Field64(path, name, field, ref at);
                if (offset == 0xFFFFFFFF) offset = Field64(path, name, field, ref at);
            }
            extra = extra[(4 + fieldLength)..];
        }
    }

    private static long Field64(string path, string name, ReadOnlySpan<byte> field, ref int at)
    {
        if (at + 8 > field.Length) throw Bad(path, $"{name}: zip64 extra field too short");
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(field[at..]);
        at += 8;
        return value <= long.MaxValue ? (long)value : throw Bad(path, $"{name}: zip64 size {value} is out of range");
    }

    private static long Long(string path, byte[] record, int at)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(at));
        return value <= long.MaxValue ? (long)value : throw Bad(path, $"zip64 end record field {value} is out of range");
    }

    private static byte[] ReadAt(FileStream stream, long offset, int count)
    {
        var buffer = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static InvalidDataException Bad(string path, string what) => new($"{path}: {what}.");
}
