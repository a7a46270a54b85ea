using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// A read-and-edit view of a <see cref="GraphProto"/>: who produces and who reads each tensor,
/// and the constant tensors (initializers and Constant nodes alike, as exporters use either).
/// Edits go straight to the proto; call <see cref="Reindex"/> after rewiring nodes.
/// </summary>
public sealed class OnnxGraph
{
    private Dictionary<string, NodeProto> _producers = [];
    private Dictionary<string, List<NodeProto>> _consumers = [];
    private Dictionary<string, TensorProto> _constants = [];
    private int _fresh;

    public OnnxGraph(GraphProto graph)
    {
        Proto = graph;
        Reindex();
    }

    public GraphProto Proto { get; }

    public void Reindex()
    {
        _producers = [];
        _consumers = [];
        _constants = Proto.Initializer.ToDictionary(t => t.Name);
        foreach (var node in Proto.Node)
        {
            foreach (var o in node.Output) _producers[o] = node;
            foreach (var i in node.Input.Where(i => i.Length > 0))
            {
                if (!_consumers.TryGetValue(i, out var list)) _consumers[i] = list = [];
                list.Add(node);
            }
            if (node.OpType == "Constant" && node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } t)
                _constants[node.Output[0]] = t;
        }
    }

    public NodeProto? Producer(string tensor) => _producers.GetValueOrDefault(tensor);

    public IReadOnlyList<NodeProto> Consumers(string tensor) => _consumers.TryGetValue(tensor, out var l) ? l : [];

    public bool IsConstant(string tensor) => _constants.ContainsKey(tensor);

    public TensorProto Constant(string tensor) =>
        _constants.TryGetValue(tensor, out var t) ? t : throw new InvalidDataException($"tensor '{tensor}' is not a constant of the graph");

    public double[] ConstantValues(string tensor) => OnnxTensorData.ToDoubles(Constant(tensor));

    /// <summary>The scalar a constant holds (a one-element tensor of any rank), or null.</summary>
    public double? ScalarConstant(string tensor) =>
        IsConstant(tensor) && ConstantValues(tensor) is [var v] ? v : null;

    /// <summary>The node's input that is not <paramref name="known"/> (for binary ops).</summary>
    public static string Other(NodeProto node, string known) =>
        node.Input.Count == 2 && (node.Input[0] == known || node.Input[1] == known)
            ? (node.Input[0] == known ? node.Input[1] : node.Input[0])
            : throw new InvalidDataException($"node '{node.Name}' ({node.OpType}) does not take '{known}' as one of two inputs");

    /// <summary>Adds a float32 initializer under a new, unused name and returns that name.</summary>
    public string AddInitializer(string hint, IReadOnlyList<long> dims, ReadOnlySpan<double> values)
    {
        string name = FreshName(hint);
        var t = OnnxTensorData.FromDoubles(name, dims, values);
        Proto.Initializer.Add(t);
        _constants[name] = t;
        return name;
    }

    public string AddInt64Initializer(string hint, IReadOnlyList<long> values)
    {
        string name = FreshName(hint);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Count);
        t.Int64Data.AddRange(values);
        Proto.Initializer.Add(t);
        _constants[name] = t;
        return name;
    }

    public string FreshName(string hint)
    {
        string name;
        do name = $"normlab.{hint}.{_fresh++}"; while (_producers.ContainsKey(name) || _constants.ContainsKey(name));
        return name;
    }

    /// <summary>Drops the given nodes, then Constant nodes and initializers nothing reads any more.</summary>
    public void Remove(IEnumerable<NodeProto> nodes)
    {
        var gone = nodes.ToHashSet();
        Keep(Proto.Node.Where(n => !gone.Contains(n)).ToList());
        var read = Proto.Node.SelectMany(n => n.Input).Concat(Proto.Output.Select(o => o.Name)).ToHashSet();
        Keep(Proto.Node.Where(n => n.OpType != "Constant" || n.Output.Any(read.Contains)).ToList());
        var unusedInits = Proto.Initializer.Where(t => !read.Contains(t.Name)).ToList();
        foreach (var t in unusedInits) Proto.Initializer.Remove(t);
        Reindex();
    }

    /// <summary>Puts nodes back in an order where every input is produced before it is read (ONNX requires it).</summary>
    public void SortTopologically()
    {
        var available = Proto.Input.Select(i => i.Name).Concat(Proto.Initializer.Select(t => t.Name)).ToHashSet();
        var pending = Proto.Node.ToList();
        var ordered = new List<NodeProto>(pending.Count);
        while (pending.Count > 0)
        {
            int before = ordered.Count;
            foreach (var n in pending.ToList())
            {
                if (!n.Input.All(i => i.Length == 0 || available.Contains(i))) continue;
                ordered.Add(n);
                pending.Remove(n);
                foreach (var o in n.Output) available.Add(o);
            }
            if (ordered.Count == before)
                throw new InvalidDataException($"graph has a cycle or an unproduced input at node '{pending[0].Name}' ({pending[0].OpType})");
        }
        Keep(ordered);
        Reindex();
    }

    private void Keep(List<NodeProto> nodes)
    {
        Proto.Node.Clear();
        Proto.Node.AddRange(nodes);
    }
}
