using NormLab.Models.Formats;
using NormLab.Models.Formats.Safetensors;
using NormLab.Models.Forward;
using NormLab.Models.Verification;
using Xunit;

namespace NormLab.Models.Tests;

public sealed class SafetensorsTests : IDisposable
{
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Reads_F32_F16_BF16_F64_values_exactly()
    {
        float[] f32 = [1.5f, -2.25f, 3e-8f];
        Half[] f16 = [(Half)0.5, (Half)(-1024), (Half)6.1e-5];
        ushort[] bf16 = [0x3F80, 0xC040, 0x4049]; // 1, -3, 3.140625
        double[] f64 = [Math.PI, -1e-300];
        var data = new List<byte>();
        data.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f32.AsSpan()).ToArray());
        data.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f16.AsSpan()).ToArray());
        data.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bf16.AsSpan()).ToArray());
        data.AddRange(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f64.AsSpan()).ToArray());
        string path = _files.Raw("types.safetensors", SafetensorsFixtures.Header(
            ("a", "F32", [3], 0, 12), ("b", "F16", [3], 12, 18), ("c", "BF16", [3], 18, 24), ("d", "F64", [1, 2], 24, 40)), [.. data]);
        var file = SafetensorsFile.Open(path);
        Assert.Equal(f32.Select(v => (double)v), file.Read("a").Data);
        Assert.Equal(f16.Select(v => (double)v), file.Read("b").Data);
        Assert.Equal([1.0, -3.0, 3.140625], file.Read("c").Data);
        Assert.Equal(f64, file.Read("d").Data);
        Assert.Equal([1, 2], file.Read("d").Shape);
    }

    [Fact]
    public void Neutral_model_round_trips_through_the_writer_bit_exactly_and_runs_the_same()
    {
        var model = TestModels.SmallGpt();
        string path = Path.Combine(_files.Folder, "small.safetensors");
        SafetensorsModels.Save(model, path, StorageType.F64);
        var loaded = SafetensorsModels.Load(path);
        Assert.Equal(model.Config, loaded.Config);
        Assert.Equal(model.Weights.Names.Order(), loaded.Weights.Names.Order());
        foreach (string name in model.Weights.Names) Assert.Equal(model.Weights.Load(name).Data, loaded.Weights.Load(name).Data);
        var input = ForwardInput.FromTokens(TestModels.SmallTokens);
        Assert.Equal(ModelForward.Float64(model).Run(input).Output, ModelForward.Float64(loaded).Run(input).Output);
    }

    [Fact]
    public void Header_length_past_the_end_is_refused_naming_the_file()
    {
        string path = _files.Raw("long.safetensors", "{}", [], declaredLength: 1000);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("past the end", e.Message);
    }

    [Fact]
    public void Offsets_out_of_range_are_refused_naming_the_tensor()
    {
        string path = _files.Raw("range.safetensors", SafetensorsFixtures.Header(("w", "F32", [4], 0, 16)), new byte[8]);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path));
        Assert.Contains("tensor w", e.Message);
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public void Overlapping_tensors_are_refused_naming_both()
    {
        string path = _files.Raw("overlap.safetensors", SafetensorsFixtures.Header(("a", "F32", [2], 0, 8), ("b", "F32", [2], 4, 12)), new byte[12]);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path));
        Assert.Contains("a", e.Message);
        Assert.Contains("b", e.Message);
        Assert.Contains("overlap", e.Message);
    }

    [Fact]
    public void Unknown_dtype_is_refused_naming_the_tensor()
    {
        string path = _files.Raw("dtype.safetensors", SafetensorsFixtures.Header(("ids", "I64", [1], 0, 8)), new byte[8]);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path));
        Assert.Contains("tensor ids", e.Message);
        Assert.Contains("I64", e.Message);
    }

    [Fact]
    public void Shape_and_byte_count_mismatch_is_refused_naming_the_tensor()
    {
        string path = _files.Raw("shape.safetensors", SafetensorsFixtures.Header(("w", "F32", [3, 3], 0, 32)), new byte[32]);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path));
        Assert.Contains("tensor w", e.Message);
        Assert.Contains("36 bytes", e.Message);
    }

    [Fact]
    public void Malformed_header_json_and_too_short_files_are_refused()
    {
        Assert.Contains("JSON", Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(_files.Raw("json.safetensors", "{not json", []))).Message);
        Assert.Contains("8 bytes", Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(_files.Write("tiny.safetensors", [1, 2, 3]))).Message);
    }

    [Fact]
    public void Raw_pickle_checkpoints_are_refused_never_unpickled_and_torch_zips_go_to_the_torch_reader()
    {
        // A protocol-2 pickle stream: PROTO 2, then an opcode ('}' EMPTY_DICT); and a .pt that is not a zip.
        string raw = _files.Write("pytorch_model.bin", [0x80, 0x02, (byte)'}', (byte)'q', 0, (byte)'.']);
        string pt = _files.Write("weights.pt", [0, 0, 0, 0]);
        foreach (string path in new[] { raw, pt })
        {
            var e = Assert.Throws<InvalidDataException>(() => ModelCatalog.Open(path));
            Assert.Contains("raw pickle", e.Message);
            Assert.Contains(path, e.Message);
        }
        // A zip (torch.save's format) is read by the weights-only torch reader, which refuses this stub as a zip.
        string zip = _files.Write("model.bin", [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0]);
        var z = Assert.Throws<InvalidDataException>(() => ModelCatalog.Open(zip));
        Assert.Contains($"{zip}: 8 bytes cannot hold a zip end record", z.Message);
        Assert.False(PickleGuard.LooksLikePickle(TestModels.Stories260KPath)); // a llama2.c .bin is not mistaken for one
    }
}
