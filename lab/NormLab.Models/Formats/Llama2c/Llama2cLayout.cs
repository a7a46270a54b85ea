using NormLab.Models.Description;

namespace NormLab.Models.Formats.Llama2c;

/// <summary>Where each of run.c's arrays sits in the file, and which neutral tensor (one layer's slice) each piece is.</summary>
internal sealed record Llama2cLayout(IReadOnlyList<Llama2cLayout.Entry> Entries, long End)
{
    public const string FreqCos = "freq_cis_real";
    public const string FreqSin = "freq_cis_imag";

    /// <summary>The neutral tensor a piece of the file is.</summary>
    public sealed record NeutralSlice(string Name, int[] Shape);

    /// <summary>One piece of the file (a layer's slice of a stacked array, or a whole array).</summary>
    public sealed record Entry(string Name, long Offset, long Count, NeutralSlice? Neutral)
    {
        public long End => Offset + Count * 4;
    }

    public static Llama2cLayout Of(Llama2cHeader h, string path)
    {
        var entries = new List<Entry>();
        long offset = Llama2cHeader.Bytes;
        void Add(string fileName, string? neutral, params int[] shape)
        {
            long count = ModelLimits.Elements(shape, $"{path}: llama2.c tensor {fileName}");
            entries.Add(new Entry(fileName, offset, count, neutral is null ? null : new NeutralSlice(neutral, shape)));
            offset += count * 4;
        }
        void PerLayer(string fileName, Func<int, string> neutral, params int[] shape)
        {
            for (int l = 0; l < h.Layers; l++) Add($"{fileName}[{l}]", neutral(l), shape);
        }
        int d = h.Dim, q = h.Heads * h.HeadSize, kv = h.KvDim;
        Add("token_embedding_table", TensorNames.TokenEmbedding, h.Vocab, d);
        PerLayer("rms_att_weight", l => TensorNames.Weight(TensorNames.AttnNorm(l)), d);
        PerLayer("wq", l => TensorNames.Weight(TensorNames.Query(l)), q, d);
        PerLayer("wk", l => TensorNames.Weight(TensorNames.Key(l)), kv, d);
        PerLayer("wv", l => TensorNames.Weight(TensorNames.Value(l)), kv, d);
        PerLayer("wo", l => TensorNames.Weight(TensorNames.AttnOut(l)), d, q);
        PerLayer("rms_ffn_weight", l => TensorNames.Weight(TensorNames.MlpNorm(l)), d);
        PerLayer("w1", l => TensorNames.Weight(TensorNames.Gate(l)), h.Hidden, d);
        PerLayer("w2", l => TensorNames.Weight(TensorNames.Down(l)), d, h.Hidden);
        PerLayer("w3", l => TensorNames.Weight(TensorNames.Up(l)), h.Hidden, d);
        Add("rms_final_weight", TensorNames.Weight(TensorNames.FinalNorm), d);
        Add(FreqCos, null, h.MaxSeq, h.HeadSize / 2);
        Add(FreqSin, null, h.MaxSeq, h.HeadSize / 2);
        if (!h.SharedClassifier) Add("wcls", TensorNames.Weight(TensorNames.Head), h.Vocab, d);
        return new Llama2cLayout(entries, offset);
    }
}
