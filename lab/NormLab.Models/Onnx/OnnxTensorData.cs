using System.Buffers.Binary;
using Google.Protobuf;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// The numbers in a <see cref="TensorProto"/>: float32 (raw_data little-endian or float_data),
/// float64, int64 and int32, read as doubles; float32 tensors written back as raw_data.
/// Anything else (external data, strings, float16) is refused with the tensor's name.
/// </summary>
public static class OnnxTensorData
{
    public static long ElementCount(TensorProto t) => t.Dims.Aggregate(1L, (a, b) => a * b);

    public static double[] ToDoubles(TensorProto t)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InvalidDataException($"tensor '{t.Name}': external data is not supported");
        long n = ElementCount(t);
        if (n < 0 || n > int.MaxValue) throw new InvalidDataException($"tensor '{t.Name}': bad dims [{string.Join(",", t.Dims)}]");
        var dt = (TensorProto.Types.DataType)t.DataType;
        var raw = t.RawData.Span;
        (int size, double[]? fromList) = dt switch
        {
            TensorProto.Types.DataType.Float => (4, t.FloatData.Count > 0 ? t.FloatData.Select(v => (double)v).ToArray() : null),
            TensorProto.Types.DataType.Double => (8, t.DoubleData.Count > 0 ? t.DoubleData.ToArray() : null),
            TensorProto.Types.DataType.Int64 => (8, t.Int64Data.Count > 0 ? t.Int64Data.Select(v => (double)v).ToArray() : null),
            TensorProto.Types.DataType.Int32 => (4, t.Int32Data.Count > 0 ? t.Int32Data.Select(v => (double)v).ToArray() : null),
            _ => throw new InvalidDataException($"tensor '{t.Name}': data type {dt} is not supported"),
        };
        if (fromList is not null)
        {
            if (fromList.Length != n) throw new InvalidDataException($"tensor '{t.Name}': {fromList.Length} values for dims [{string.Join(",", t.Dims)}]");
            return fromList;
        }
        if (raw.Length != n * size)
            throw new InvalidDataException($"tensor '{t.Name}': raw_data holds {raw.Length} bytes, dims [{string.Join(",", t.Dims)}] of {dt} need {n * size}");
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            var b = raw.Slice(i * size, size);
            values[i] = dt switch
            {
                TensorProto.Types.DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(b),
                TensorProto.Types.DataType.Double => BinaryPrimitives.ReadDoubleLittleEndian(b),
                TensorProto.Types.DataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(b),
                _ => BinaryPrimitives.ReadInt32LittleEndian(b),
            };
        }
        return values;
    }

    /// <summary>A float32 tensor (values rounded once from float64) stored as raw_data.</summary>
    public static TensorProto FromDoubles(string name, IReadOnlyList<long> dims, ReadOnlySpan<double> values)
    {
        long n = dims.Aggregate(1L, (a, b) => a * b);
        if (n != values.Length) throw new ArgumentException($"tensor '{name}': {values.Length} values for dims [{string.Join(",", dims)}]", nameof(values));
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), (float)values[i]);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        return t;
    }
}
