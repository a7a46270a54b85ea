using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// Appends new nodes (fresh output names) to a graph; the caller sorts the graph afterwards.
/// Ops whose axes moved from attributes to inputs are written for the model's <paramref name="opset"/>.
/// </summary>
public sealed class OnnxNodeBuilder(OnnxGraph graph, string prefix, long opset)
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

    public string Vector(string hint, double[] values) => graph.AddInitializer($"{prefix}.{hint}", [values.Length], values);

    /// <summary>ReduceMean / ReduceSum over the last axis, keepdims; axes became an input in opset 18 / 13.</summary>
    public string ReduceLastAxis(string opType, string x)
    {
        long since = opType == "ReduceSum" ? 13 : 18;
        return opset >= since
            ? Add(opType, [x, graph.AddInt64Initializer($"{prefix}.axes", [-1])], null, Int("keepdims", 1))
            : Add(opType, [x], null, Ints("axes", -1), Int("keepdims", 1));
    }

    /// <summary>The first <paramref name="end"/> elements of the last axis; starts/ends/axes became inputs in opset 10.</summary>
    public string SliceLastAxis(string x, long end) =>
        opset >= 10
            ? Add("Slice", [x, graph.AddInt64Initializer($"{prefix}.starts", [0]), graph.AddInt64Initializer($"{prefix}.ends", [end]), graph.AddInt64Initializer($"{prefix}.axes", [-1])])
            : Add("Slice", [x], null, Ints("axes", -1), Ints("starts", 0), Ints("ends", end));

    /// <summary>The default-domain opset a model imports.</summary>
    public static long OpsetOf(ModelProto model) =>
        model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version
        ?? throw new InvalidDataException("model imports no default-domain (ai.onnx) opset");

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };
}
