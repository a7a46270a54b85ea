using NormLab.IO;
using NormLab.Models.Description;

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
        InputFile.RequireRegular(path, "llama2.c checkpoint");
        var raw = new byte[Bytes];
        using (var stream = File.OpenRead(path))
        {
            if (stream.Length < Bytes)
                throw new InvalidDataException($"{path}: {stream.Length} bytes is shorter than the llama2.c header ({Bytes} bytes).");
            stream.ReadExactly(raw);
        }
        var v = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(raw);
        Field(path, "dim", v[0], ModelLimits.MaxDim);
        Field(path, "hidden_dim", v[1], ModelLimits.MaxHidden);
        Field(path, "n_layers", v[2], ModelLimits.MaxLayers);
        Field(path, "n_heads", v[3], ModelLimits.MaxHeads);
        Field(path, "n_kv_heads", v[4], ModelLimits.MaxHeads);
        // Negative = untied classifier; int.MinValue has no magnitude an int can hold.
        Field(path, "vocab_size", v[5] == int.MinValue ? int.MinValue : Math.Abs(v[5]), ModelLimits.MaxVocab);
        Field(path, "seq_len", v[6], ModelLimits.MaxSeq);
        var header = new Llama2cHeader(v[0], v[1], v[2], v[3], v[4], Math.Abs(v[5]), v[6], v[5] > 0);
        header.Check(path);
        return header;
    }

    private static void Field(string path, string name, int value, int max)
    {
        if (value < 1 || value > max)
            throw new InvalidDataException($"{path}: llama2.c header field {name} must be in 1..{max}, found {value}{(name == "vocab_size" ? " (its magnitude; negative marks an untied classifier)" : "")}.");
    }

    private void Check(string path)
    {
        if (Dim % Heads != 0 || Heads % KvHeads != 0 || HeadSize % 2 != 0)
            throw new InvalidDataException($"{path}: llama2.c header is inconsistent: dim {Dim}, heads {Heads}, kv heads {KvHeads} (dim/heads must be an even whole number, heads a multiple of kv heads).");
    }
}
