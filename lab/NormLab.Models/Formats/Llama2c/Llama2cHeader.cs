namespace NormLab.Models.Formats.Llama2c;

/// <summary>
/// llama2.c's checkpoint header: 7 little-endian int32 (dim, hidden, layers, heads, kv heads,
/// vocab, max seq). A negative vocab means the classifier is stored separately (untied).
/// </summary>
public sealed record Llama2cHeader(int Dim, int Hidden, int Layers, int Heads, int KvHeads, int Vocab, int MaxSeq, bool SharedClassifier)
{
    public const int Bytes = 7 * sizeof(int);

    public int HeadSize => Dim / Heads;
    public int KvDim => KvHeads * HeadSize;

    public static Llama2cHeader Read(string path)
    {
        var raw = new byte[Bytes];
        using (var stream = File.OpenRead(path))
        {
            if (stream.Length < Bytes)
                throw new InvalidDataException($"{path}: {stream.Length} bytes is shorter than the llama2.c header ({Bytes} bytes).");
            stream.ReadExactly(raw);
        }
        var v = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(raw);
        var header = new Llama2cHeader(v[0], v[1], v[2], v[3], v[4], Math.Abs(v[5]), v[6], v[5] > 0);
        header.Check(path);
        return header;
    }

    private void Check(string path)
    {
        if (Dim < 1 || Hidden < 1 || Layers < 1 || Heads < 1 || KvHeads < 1 || Vocab < 1 || MaxSeq < 1)
            throw new InvalidDataException($"{path}: llama2.c header has a non-positive field ({this}).");
        if (Dim % Heads != 0 || Heads % KvHeads != 0 || HeadSize % 2 != 0)
            throw new InvalidDataException($"{path}: llama2.c header is inconsistent: dim {Dim}, heads {Heads}, kv heads {KvHeads} (dim/heads must be an even whole number, heads a multiple of kv heads).");
    }
}
