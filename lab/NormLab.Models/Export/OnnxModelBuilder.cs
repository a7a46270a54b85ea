using System.Runtime.InteropServices;
using Google.Protobuf;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Export;

/// <summary>
/// Builds an ONNX ModelProto node by node with the generated protobuf classes: graph inputs and
/// outputs, float initializers (raw little-endian data), nodes with attributes, opset imports.
/// Used for the benchmark's single-node graphs and for exporting transformer models.
/// </summary>
public sealed class OnnxModelBuilder
{
    /// <summary>IR version 10 (ONNX 1.16) holds every opset up to 21; opset 23 needs IR 11.</summary>
    private readonly GraphProto graph;
    private readonly Dictionary<string, long> opsets = [];
    private int nameCounter;

    public OnnxModelBuilder(string graphName, long onnxOpset)
    {
        graph = new GraphProto { Name = graphName };
        opsets[""] = onnxOpset;
    }

    /// <summary>Imports another operator domain (e.g. com.microsoft) at a version.</summary>
    public OnnxModelBuilder Import(string domain, long version)
    {
        opsets[domain] = version;
        return this;
    }

    /// <summary>A graph input; a dimension given as a string (e.g. "batch") is symbolic.</summary>
    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) =>
        graph.Input.Add(ValueInfo(name, type, dims));

    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) =>
        graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>A float32 initializer; the values are copied into raw_data.</summary>
    public string Initializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (count != values.Length)
            throw new ArgumentException($"initializer {name}: {values.Length} values for shape [{string.Join(",", dims)}].", nameof(values));
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>An int64 initializer (shapes, axes).</summary>
    public string Int64Initializer(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node; returns its first output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string domain = "",
        params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = $"{opType}_{nameCounter++}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return node.Output[0];
    }

    /// <summary>Adds a single-output node with a fresh output name.</summary>
    public string Op(string opType, params string[] inputs) => Node(opType, inputs, [$"t{nameCounter}_{opType}"]);

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public ModelProto Build()
    {
        var model = new ModelProto
        {
            IrVersion = opsets[""] >= 23 ? 11 : 10,
            ProducerName = "normlab",
            Graph = graph,
        };
        foreach (var (domain, version) in opsets)
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        return model;
    }

    public byte[] ToBytes() => Build().ToByteArray();

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                int n => new TensorShapeProto.Types.Dimension { DimValue = n },
                long n => new TensorShapeProto.Types.Dimension { DimValue = n },
                _ => throw new ArgumentException($"dimension of {name} must be int, long or string, was {dim.GetType().Name}.", nameof(dims)),
            });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
