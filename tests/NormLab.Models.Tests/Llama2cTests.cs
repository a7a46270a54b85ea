using NormLab.Models.Description;
using NormLab.Models.Formats.Llama2c;
using Xunit;

namespace NormLab.Models.Tests;

public sealed class Llama2cTests : IDisposable
{
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Stories260K_header_and_tensors_map_onto_the_neutral_model()
    {
        var model = TestModels.Stories260K();
        var c = model.Config;
        Assert.Equal((64, 172, 5, 8, 4, 512, 512), (c.Dim, c.Hidden, c.Layers, c.Heads, c.KvHeads, c.Vocab, c.MaxSeq));
        Assert.Equal(HeadKind.Tied, c.Head);
        Assert.Equal([32, 64], model.Weights.Load(TensorNames.Weight(TensorNames.Key(4))).Shape);
        Assert.Equal([64, 172], model.Weights.Load(TensorNames.Weight(TensorNames.Down(0))).Shape);
        Assert.DoesNotContain(TensorNames.Weight(TensorNames.Head), model.Weights.Names);
    }

    [Fact]
    public void Truncated_checkpoint_is_refused_naming_the_file_and_the_tensor_cut_off()
    {
        var bytes = File.ReadAllBytes(TestModels.Stories260KPath);
        string path = _files.Write("cut.bin", bytes[..(28 + 4 * 40000)]);
        var e = Assert.Throws<InvalidDataException>(() => Llama2cCheckpoint.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("wq[", e.Message); // 40000 floats end inside the stacked wq array
    }

    [Fact]
    public void Header_only_file_and_trailing_bytes_are_refused()
    {
        var bytes = File.ReadAllBytes(TestModels.Stories260KPath);
        Assert.Contains("header", Assert.Throws<InvalidDataException>(() => Llama2cCheckpoint.Load(_files.Write("short.bin", bytes[..20]))).Message);
        Assert.Contains("token_embedding_table", Assert.Throws<InvalidDataException>(() => Llama2cCheckpoint.Load(_files.Write("head.bin", bytes[..28]))).Message);
        Assert.Contains("unexpected", Assert.Throws<InvalidDataException>(() => Llama2cCheckpoint.Load(_files.Write("long.bin", [.. bytes, 0, 0, 0, 0]))).Message);
    }

    [Fact]
    public void Negative_vocab_means_an_untied_classifier_read_after_the_rotary_tables()
    {
        // Build an untied variant of stories260K: header vocab −512, the same weights, then a classifier
        // (the token table again, scaled by 2 so it differs from the embedding).
        var bytes = File.ReadAllBytes(TestModels.Stories260KPath);
        BitConverter.GetBytes(-512).CopyTo(bytes, 20);
        var table = bytes[28..(28 + 512 * 64 * 4)];
        var scaled = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(table).ToArray().Select(v => v * 2).ToArray();
        string path = _files.Write("untied.bin", [.. bytes, .. System.Runtime.InteropServices.MemoryMarshal.AsBytes(scaled.AsSpan()).ToArray()]);
        var model = Llama2cCheckpoint.Load(path);
        Assert.Equal(HeadKind.Untied, model.Config.Head);
        var head = model.Weights.Load(TensorNames.Weight(TensorNames.Head)).Data;
        var embedding = model.Weights.Load(TensorNames.TokenEmbedding).Data;
        Assert.Equal(embedding.Select(v => 2 * v), head);
    }

    [Fact]
    public void Inconsistent_header_is_refused()
    {
        var bytes = File.ReadAllBytes(TestModels.Stories260KPath);
        BitConverter.GetBytes(7).CopyTo(bytes, 12); // 7 heads do not divide dim 64
        var e = Assert.Throws<InvalidDataException>(() => Llama2cCheckpoint.Load(_files.Write("heads.bin", bytes)));
        Assert.Contains("heads", e.Message);
    }
}
