using Xunit;
using Google.Protobuf;
using NormLab.Models.Onnx;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class OnnxModelFileTests(PpOcrTestModel ppocr) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("normlab-onnx-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Truncated_model_is_invalid_data_naming_the_file()
    {
        byte[] bytes = File.ReadAllBytes(ppocr.Files.ModelPath);
        string path = Path.Combine(_dir, "truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => OnnxModelFile.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]  // a varint that never ends
    [InlineData(new byte[] { 0x3A, 0x7F, 0x01 })]              // graph field claiming 127 bytes, 1 present
    [InlineData(new byte[0])]                                    // empty: parses, but holds no graph
    public void Malformed_bytes_are_invalid_data_naming_the_file(byte[] content)
    {
        string path = Path.Combine(_dir, "bad.onnx");
        File.WriteAllBytes(path, content);

        var e = Assert.Throws<InvalidDataException>(() => OnnxModelFile.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Save_then_load_round_trips_the_real_model()
    {
        string path = Path.Combine(_dir, "copy.onnx");
        OnnxModelFile.Save(ppocr.Model, path);

        var back = OnnxModelFile.Load(path);
        // Byte length may differ (proto3 drops explicitly written defaults); the message may not.
        Assert.Equal(ppocr.Model, back);
    }

    [Fact]
    public void Tensor_reads_raw_data_and_float_data_alike()
    {
        var raw = OnnxTensorData.FromDoubles("w", [2, 2], [1.5, -2, 0.25, 3]);
        var listed = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float };
        listed.Dims.AddRange([2, 2]);
        listed.FloatData.AddRange([1.5f, -2f, 0.25f, 3f]);

        Assert.Equal([1.5, -2, 0.25, 3], OnnxTensorData.ToDoubles(raw));
        Assert.Equal(OnnxTensorData.ToDoubles(raw), OnnxTensorData.ToDoubles(listed));
    }

    [Fact]
    public void Tensor_with_wrong_byte_count_names_the_tensor()
    {
        var t = new TensorProto { Name = "linear_77.w_0", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(new byte[10]) };
        t.Dims.AddRange([2, 2]);

        var e = Assert.Throws<InvalidDataException>(() => OnnxTensorData.ToDoubles(t));
        Assert.Contains("linear_77.w_0", e.Message);
    }
}
