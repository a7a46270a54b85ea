namespace NormLab.Models.Formats.Torch;

/// <summary>A global the pickle named and the allow-list admitted; a marker, never a resolved type or function.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A pickled dict (or OrderedDict): insertion-ordered, as Python's are, keyed by plain values.</summary>
internal sealed class PickleDict : OrderedDictionary<object, object?>
{
    public bool IsOrderedDict { get; init; }
}

/// <summary>One storage a persistent id names: its zip member, element class and element count.</summary>
internal sealed record TorchStorage(string Key, TorchStorageClass Class, long Numel, ZipMember Member)
{
    public long ByteLength => checked(Numel * Class.ElementSize);
}
