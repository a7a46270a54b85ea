using NormLab.Models.Description;

namespace NormLab.Models.Formats.Llama2c;

/// <summary>
/// Reads a llama2.c checkpoint (run.c's layout) as a neutral Llama-style model: RMSNorm (eps 1e-5),
/// SwiGLU (w1 = gate, w3 = up, w2 = down), GQA, interleaved rotary (theta 10000), causal. Weights
/// are float32, [out, in], each kind stacked over layers: token table, rms_att, wq, wk, wv, wo,
/// rms_ffn, w1, w2, w3, rms_final, then the two legacy freq_cis tables (seq × head/2 each; run.c
/// skips them and recomputes rotary), then the classifier when the vocab size was negative.
/// Tensors are read lazily from a memory map.
/// </summary>
public static class Llama2cCheckpoint
{
    public const double Eps = 1e-5;
    public const double RotaryTheta = 10000;

    public static NeutralModel Load(string path, string? name = null)
    {
        var h = Llama2cHeader.Read(path);
        var layout = Llama2cLayout.Of(h, path);
        long fileBytes = new FileInfo(path).Length;
        foreach (var entry in layout.Entries)
            if (entry.End > fileBytes)
                throw new InvalidDataException(
                    $"{path}: truncated llama2.c checkpoint: tensor {entry.Name} needs bytes {entry.Offset}..{entry.End}, the file has {fileBytes}.");
        if (layout.End != fileBytes)
            throw new InvalidDataException($"{path}: llama2.c checkpoint has {fileBytes} bytes, its header implies {layout.End} ({fileBytes - layout.End:+#;-#} unexpected).");

        var set = new LazyTensorSet();
        foreach (var entry in layout.Entries)
            if (entry.Neutral is { } neutral)
                set.Set(neutral.Name, () => new Tensor(neutral.Name, neutral.Shape,
                    MappedTensorReader.Read(path, entry.Offset, entry.Count, StorageType.F32)));
        var config = new ModelConfig
        {
            Dim = h.Dim, Layers = h.Layers, Heads = h.Heads, KvHeads = h.KvHeads, HeadDim = h.HeadSize,
            Hidden = h.Hidden, Vocab = h.Vocab, MaxSeq = h.MaxSeq,
            Rotary = new RotarySpec(RotaryTheta, RotaryPairing.Interleaved),
            Mlp = MlpKind.SwiGlu, Norm = NormType.RmsNorm, NormEps = Eps, Causal = true,
            Head = h.SharedClassifier ? HeadKind.Tied : HeadKind.Untied,
        };
        return new NeutralModel(name ?? Path.GetFileNameWithoutExtension(path), config, set);
    }

    /// <summary>The legacy freq_cis_real / freq_cis_imag tables (seq × head/2 each), for checking the layout.</summary>
    public static (double[] Cos, double[] Sin) ReadRotaryTables(string path)
    {
        var layout = Llama2cLayout.Of(Llama2cHeader.Read(path), path);
        var cos = layout.Entries.Single(e => e.Name == Llama2cLayout.FreqCos);
        var sin = layout.Entries.Single(e => e.Name == Llama2cLayout.FreqSin);
        return (MappedTensorReader.Read(path, cos.Offset, cos.Count, StorageType.F32),
                MappedTensorReader.Read(path, sin.Offset, sin.Count, StorageType.F32));
    }
}
