namespace NormLab.Models.Description;

/// <summary>
/// A tensor source given as name → producer. Formats, the synthetic generator and every conversion
/// build one of these; nothing is computed until <see cref="Load"/>.
/// </summary>
public sealed class LazyTensorSet : ITensorSource
{
    private readonly Dictionary<string, Func<Tensor>> _producers = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public bool Contains(string name) => _producers.ContainsKey(name);

    public Tensor Load(string name) =>
        _producers.TryGetValue(name, out var produce)
            ? produce()
            : throw new KeyNotFoundException($"the model has no tensor named {name}.");

    /// <summary>Adds or replaces the producer for <paramref name="name"/>.</summary>
    public LazyTensorSet Set(string name, Func<Tensor> produce)
    {
        if (!_producers.ContainsKey(name)) _names.Add(name);
        _producers[name] = produce;
        return this;
    }

    public LazyTensorSet Remove(string name)
    {
        if (_producers.Remove(name)) _names.Remove(name);
        return this;
    }

    /// <summary>A set that hands out <paramref name="source"/>'s tensors unchanged, ready to be edited by a conversion.</summary>
    public static LazyTensorSet From(ITensorSource source)
    {
        var set = new LazyTensorSet();
        foreach (string name in source.Names) set.Set(name, () => source.Load(name));
        return set;
    }
}
