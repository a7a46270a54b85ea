using System.Runtime.InteropServices;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Torch;
using NormLab.Models.Verification;
using Xunit;
using static NormLab.Models.Tests.TorchZipBuilder;

namespace NormLab.Models.Tests;

public sealed class TorchCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("normlab-torch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Zip(string name, IEnumerable<Member> members)
    {
        string path = Path.Combine(_folder, name);
        Write(path, members);
        return path;
    }

    private static byte[] Bytes<T>(params T[] values) where T : struct => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    [Fact]
    public void Reads_float32_float16_bfloat16_float64_tensors_exactly()
    {
        var p = new PickleBuilder().Proto(2).BeginOrderedDict()
            .Str("a").Tensor("FloatStorage", "0", 3, 0, [3], [1])
            .Str("b").Tensor("HalfStorage", "1", 2, 0, [2], [1])
            .Str("c").Tensor("BFloat16Storage", "2", 3, 0, [1, 3], [3, 1])
            .Str("d").Tensor("DoubleStorage", "3", 2, 0, [2], [1])
            .EndDict().Stop();
        string path = Zip("types.pt", Checkpoint(p.Bytes, ("0", Bytes(1.5f, -2.25f, 3e-8f)), ("1", Bytes((Half)0.5, (Half)(-1024))),
            ("2", Bytes<ushort>(0x3F80, 0xC040, 0x4049)), ("3", Bytes(Math.PI, -1e-300))));
        var file = TorchCheckpoint.Open(path);
        Assert.Equal(["a", "b", "c", "d"], file.Entries.Select(e => e.Name));
        Assert.Equal([1.5, -2.25, (double)3e-8f], file.Read("a").Data);
        Assert.Equal([0.5, -1024.0], file.Read("b").Data);
        Assert.Equal([1.0, -3.0, 3.140625], file.Read("c").Data);
        Assert.Equal([1, 3], file.Read("c").Shape);
        Assert.Equal([Math.PI, -1e-300], file.Read("d").Data);
        Assert.Equal(StorageType.BF16, file.Entry("c").Type);
        Assert.Equal("3", file.Version);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Offsets_transposed_strides_and_shared_storages_are_materialized_row_major(bool deflate)
    {
        float[] storage = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var p = new PickleBuilder().Proto(2).BeginOrderedDict()
            .Str("full").Tensor("FloatStorage", "0", 12, 0, [3, 4], [4, 1])
            .Str("transposed").Tensor("FloatStorage", "0", 12, 0, [4, 3], [1, 4])
            .Str("slice").Tensor("FloatStorage", "0", 12, 6, [2], [1])
            .Str("column").Tensor("FloatStorage", "0", 12, 1, [3, 1], [4, 1])
            .EndDict().Stop();
        var members = Checkpoint(p.Bytes, ("0", Bytes(storage))).Select(m => m.Name.EndsWith("data/0", StringComparison.Ordinal) ? m with { Deflate = deflate } : m);
        var file = TorchCheckpoint.Open(Zip("views.pt", members));
        Assert.Equal(storage.Select(v => (double)v), file.Read("full").Data);
        Assert.Equal([0.0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], file.Read("transposed").Data);
        Assert.Equal([4, 3], file.Read("transposed").Shape);
        Assert.Equal([6.0, 7], file.Read("slice").Data);
        Assert.Equal([1.0, 5, 9], file.Read("column").Data);
        Assert.Equal(6, file.Entry("slice").StorageOffset);
        Assert.Equal([1L, 4], file.Entry("transposed").Strides);
        Assert.Equal("0", file.Entry("slice").StorageKey);
    }

    [Fact]
    public void A_training_checkpoint_finds_its_model_state_dict_and_reads_model_args()
    {
        var p = new PickleBuilder().Proto(2).BeginDict()
            .Str("model").BeginDict().Str("wte.weight").Tensor("FloatStorage", "0", 4, 0, [2, 2], [2, 1]).EndDict()
            .Str("model_args").BeginDict().Str("n_layer").Int(2).Str("n_embd").Int(1_000_000).Str("dropout").Float(0.1).Str("bias").Op(0x89)
                .Str("name").Str("tiny").Str("neg").Int(-7).EndDict()
            .Str("optimizer").BeginDict().Str("state").Op('}').Str("param_groups").Op(']').EndDict()
            .Str("iter_num").Int(5)
            .EndDict().Stop();
        string path = Zip("ckpt.pt", Checkpoint(p.Bytes, ("0", Bytes(1f, 2f, 3f, 4f))));
        var auto = TorchCheckpoint.Open(path);
        Assert.Equal("model", auto.KeyPath);
        Assert.Equal([1.0, 2, 3, 4], auto.Read("wte.weight").Data);
        var named = TorchCheckpoint.Open(path, "model");
        Assert.True(named.Contains("wte.weight"));
        Assert.Equal(2L, named.Value("model_args.n_layer"));
        Assert.Equal(1_000_000L, named.Value("model_args/n_embd"));
        Assert.Equal(0.1, named.Value("model_args.dropout"));
        Assert.Equal(false, named.Value("model_args.bias"));
        Assert.Equal("tiny", named.Value("model_args.name"));
        Assert.Equal(-7L, named.Value("model_args.neg"));
        Assert.Equal(5L, named.Value("iter_num"));
        Assert.IsType<TorchTensorEntry>(named.Value("model.wte.weight"));
        Assert.Single(Assert.IsAssignableFrom<IReadOnlyDictionary<object, object?>>(named.Value("model")));
        Assert.Contains("not a dict of tensors", Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Open(path, "model_args")).Message);
    }

    [Fact]
    public void Protocol_4_with_frames_memoize_and_parameters_reads()
    {
        var inner = new PickleBuilder().StackGlobal("collections", "OrderedDict").Op(0x94).Op(')').Op('R').Op(0x94).Mark()
            .Op(0x8c, 6).Op("weight"u8.ToArray()).Op(0x94)
            .Parameter("FloatStorage", "0", 2, 0, [2], [1])
            .Op(0x8c, 4).Op("bias"u8.ToArray())
            .Parameter("FloatStorage", "1", 1, 0, [1], [1])
            .Op('u').Stop().Bytes;
        var p = new PickleBuilder().Proto(4).Frame(inner.Length).Op(inner);
        var file = TorchCheckpoint.Open(Zip("p4.pt", Checkpoint(p.Bytes, ("0", Bytes(0.25f, -8f)), ("1", Bytes(3f)))));
        Assert.Equal([0.25, -8], file.Read("weight").Data);
        Assert.Equal([3.0], file.Read("bias", "b").Data);
        Assert.Equal("b", file.Read("bias", "b").Name);
    }

    [Fact]
    public void Opening_reads_no_tensor_data_it_is_read_when_asked()
    {
        var p = new PickleBuilder().Proto(2).BeginOrderedDict().Str("w").Tensor("FloatStorage", "0", 2, 0, [2], [1]).EndDict().Stop();
        string path = Zip("lazy.pt", Checkpoint(p.Bytes, ("0", Bytes(1f, 2f))));
        var file = TorchCheckpoint.Open(path);
        // Rewrite the storage bytes in place after opening: the read sees the new values, so opening copied none.
        byte[] bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(Bytes(1f, 2f));
        Bytes(5f, 6f).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);
        Assert.Equal([5.0, 6], file.Read("w").Data);
    }

    [Fact]
    public void The_vit_mnist_fixture_opens_lists_its_tensors_and_reads_one()
    {
        var file = TorchCheckpoint.Open(FixturePaths.Require("vit_mnist_gpu.pt"));
        var shapes = file.Entries.ToDictionary(e => e.Name, e => e.Shape);
        Assert.Equal([64, 16], shapes["to_patch_embedding.1.weight"]);
        Assert.Equal([1, 1, 64], shapes["cls_token"]);
        Assert.Equal([1, 50, 64], shapes["pos_embedding"]);
        Assert.Equal([768, 64], shapes["transformer.layers.0.0.fn.to_qkv.weight"]);
        Assert.Equal([10, 64], shapes["mlp_head.1.weight"]);
        Assert.All(file.Entries, e => Assert.Equal(StorageType.F32, e.Type));
        var qkv = file.Read("transformer.layers.0.0.fn.to_qkv.weight");
        Assert.Equal(768 * 64, qkv.Data.Length);
        Assert.All(qkv.Data, v => Assert.True(double.IsFinite(v)));
        Assert.Contains(qkv.Data, v => v != 0);
        Assert.All(file.Entries, e => Assert.All(file.Read(e.Name).Data, v => Assert.True(double.IsFinite(v))));
    }

    [Fact]
    public void The_catalog_opens_torch_zips_refuses_raw_pickles_and_leaves_llama2c_bins_alone()
    {
        var p = new PickleBuilder().Proto(2).BeginOrderedDict().Str("w").Tensor("FloatStorage", "0", 1, 0, [1], [1]).EndDict().Stop();
        string pt = Zip("unknown.bin", Checkpoint(p.Bytes, ("0", Bytes(1f))));
        var e = Assert.Throws<InvalidDataException>(() => ModelCatalog.Open(pt));
        Assert.Contains("no recognised Hugging Face layout", e.Message);
        Assert.Contains(pt, e.Message);
        Assert.Contains("not a dict of tensors", Assert.Throws<InvalidDataException>(() => ModelCatalog.Open(pt + "#w")).Message);
        Assert.Throws<FileNotFoundException>(() => ModelCatalog.Open(pt + ".missing.pt#model"));
        Assert.True(TorchModels.Accepts(pt));
        Assert.False(TorchModels.Accepts(TestModels.Stories260KPath));
        Assert.Equal(("a.pt", "model.x"), TorchModels.SplitSpec("a.pt#model.x"));
        Assert.Equal(("a#b.safetensors", null), TorchModels.SplitSpec("a#b.safetensors"));
    }
}
