using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>Appends new nodes (fresh output names) to a graph; the caller sorts the graph afterwards.</summary>
public sealed class OnnxNodeBuilder(OnnxGraph graph, string prefix)
{
    /// <summary>Adds one node and returns its output name (or <paramref name="output"/> where given).</summary>
    public string Add(string opType, IEnumerable<string> inputs, string? output = null, params AttributeProto[] attributes)
    {
        string name = graph.FreshName($"{prefix}.{opType}");
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output ?? name + ".out");
        node.Attribute.AddRange(attributes);
        graph.Proto.Node.Add(node);
        return node.Output[0];
    }

    public string Scalar(string hint, double value) => graph.AddInitializer($"{prefix}.{hint}", [], [value]);

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}
