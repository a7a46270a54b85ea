namespace NormLab.Models.Formats.Torch;

/// <summary>
/// The globals a weights-only checkpoint may name (modelled on torch.load(weights_only=True)) and what
/// REDUCE on each builds — records, never Python objects: nothing is imported, called or executed.
/// </summary>
internal static class TorchGlobals
{
    private const string OrderedDict = "collections.OrderedDict", Size = "torch.Size";
    private const string RebuildTensor = "torch._utils._rebuild_tensor_v2", RebuildParameter = "torch._utils._rebuild_parameter";
    private const string RebuildParameterWithState = "torch._utils._rebuild_parameter_with_state";
    private const int MaxDims = 64;

    private static readonly HashSet<string> Callables = [OrderedDict, Size, RebuildTensor, RebuildParameter, RebuildParameterWithState];

    public static string AllowList { get; } = string.Join(", ", Callables.Concat(TorchStorageClass.ByName.Keys.Select(n => "torch." + n)));

    public static bool IsAllowed(string module, string name) =>
        Callables.Contains($"{module}.{name}") || StorageClass(new PickleGlobal(module, name)) is not null;

    public static TorchStorageClass? StorageClass(PickleGlobal global) =>
        global.Module == "torch" && TorchStorageClass.ByName.TryGetValue(global.Name, out var c) ? c : null;

    /// <summary>REDUCE: the allowed callable applied to its argument tuple; the error names what was wrong.</summary>
    public static object Reduce(PickleGlobal callable, object?[] args) => callable.ToString() switch
    {
        OrderedDict when args.Length == 0 => new PickleDict { IsOrderedDict = true },
        Size when args is [object?[] dims] => dims,
        RebuildTensor when args.Length is 6 or 7 => Tensor(args),
        RebuildParameter or RebuildParameterWithState when args is [TorchTensorEntry data, bool, ..] && args.Length is 3 or 4 => data,
        _ => throw new InvalidDataException($"{callable} called with {Describe(args)}, not the arguments torch.save writes"),
    };

    /// <summary>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).</summary>
    private static TorchTensorEntry Tensor(object?[] args)
    {
        if (args[0] is not TorchStorage storage) throw new InvalidDataException($"_rebuild_tensor_v2 expects a storage first, found {Describe(args[0])}");
        if (args[1] is not long offset || offset < 0) throw new InvalidDataException($"_rebuild_tensor_v2: storage offset {Describe(args[1])} is not a non-negative int");
        long[] size = Ints(args[2], "size"), stride = Ints(args[3], "stride");
        if (size.Length != stride.Length) throw new InvalidDataException($"_rebuild_tensor_v2: {size.Length} sizes but {stride.Length} strides");
        if (size.Any(s => s > int.MaxValue)) throw new InvalidDataException($"_rebuild_tensor_v2: size [{string.Join(", ", size)}] has a dimension over {int.MaxValue}");
        var entry = new TorchTensorEntry("", storage.Class.Name, storage.Class.Type, size.Select(s => (int)s).ToArray(), storage.Key, offset, stride)
        {
            Storage = storage,
        };
        try
        {
            if (checked(offset + entry.Extent) > storage.Numel)
                throw new InvalidDataException(
                    $"tensor of size [{string.Join(", ", size)}] stride [{string.Join(", ", stride)}] at offset {offset} spans past storage {storage.Key} ({storage.Numel} elements)");
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"tensor of size [{string.Join(", ", size)}] stride [{string.Join(", ", stride)}]: element count or extent overflows 64 bits");
        }
        return entry;
    }

    private static long[] Ints(object? value, string what)
    {
        if (value is not object?[] items || items.Length > MaxDims || items.Any(i => i is not long n || n < 0))
            throw new InvalidDataException($"_rebuild_tensor_v2: {what} {Describe(value)} is not a tuple of at most {MaxDims} non-negative ints");
        return items.Select(i => (long)i!).ToArray();
    }

    public static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{(s.Length > 40 ? s[..40] + "…" : s)}'",
        object?[] t => t.Length > 8 ? $"a tuple of {t.Length}" : $"({string.Join(", ", t.Select(v => v is object?[]? "(…)" : Describe(v)))})",
        List<object?> l => $"a list of {l.Count}",
        PickleDict d => $"a dict of {d.Count}",
        TorchStorage s => $"storage {s.Key}",
        TorchTensorEntry => "a tensor",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
