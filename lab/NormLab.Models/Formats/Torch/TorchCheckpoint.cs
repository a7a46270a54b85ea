using NormLab.Models.Description;

namespace NormLab.Models.Formats.Torch;

/// <summary>
/// A torch.save checkpoint (the zip format: ARCHIVE/data.pkl, ARCHIVE/data/KEY storages, ARCHIVE/byteorder,
/// ARCHIVE/version), its pickle run through a weights-only <see cref="RestrictedUnpickler"/>. Opening reads
/// only the zip directory and data.pkl and checks every tensor view against its storage; tensor data is read
/// lazily (stored members memory-mapped in place, deflated ones inflated with a cap). Errors name the file.
/// </summary>
public sealed class TorchCheckpoint : ITensorFile
{
    public const long MaxPickleBytes = 64L << 20;
    private const string PickleName = "data.pkl";
    private static readonly string[] StateDictKeys = ["state_dict", "model"];

    private readonly object? _root;
    private readonly Dictionary<string, TorchTensorEntry> _entries;

    private TorchCheckpoint(string path, string? version, object? root, string? keyPath, List<TorchTensorEntry> entries)
    {
        Path = path;
        Version = version;
        _root = root;
        KeyPath = keyPath;
        Entries = entries;
        _entries = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public string Path { get; }
    /// <summary>The archive's version member (torch writes "3"), when present.</summary>
    public string? Version { get; }
    /// <summary>Where in the pickled object the state dict was found; null when it is the root.</summary>
    public string? KeyPath { get; }
    public IReadOnlyList<TorchTensorEntry> Entries { get; }

    public IEnumerable<string> TensorNames => Entries.Select(e => e.Name);

    public bool Contains(string name) => _entries.ContainsKey(name);

    public TorchTensorEntry Entry(string name) =>
        _entries.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"{Path}: no tensor named {name}.");

    public Tensor Read(string name, string? asName = null)
    {
        var e = Entry(name);
        if (e.Type is not { } type)
            throw new InvalidDataException($"{Path}: tensor {name} is a {e.StorageClass}; the lab reads only Double/Float/Half/BFloat16 storages.");
        if (e.Count > Array.MaxLength) throw new InvalidDataException($"{Path}: tensor {name} has {e.Count} elements, more than one array holds.");
        var member = e.Storage.Member;
        double[] data;
        if (member.Method == ZipMember.Stored)
            data = MappedTensorReader.Read(Path, checked(member.DataStart + e.StorageOffset * type.ByteSize()), type, e.Shape, e.Strides, e.Extent);
        else
        {
            using var stream = File.OpenRead(Path);
            var raw = ZipDirectory.Inflate(Path, stream, member, e.Storage.ByteLength);
            data = MappedTensorReader.Gather(raw.AsSpan(checked((int)(e.StorageOffset * type.ByteSize()))), type, e.Shape, e.Strides);
        }
        return new Tensor(asName ?? name, e.Shape, data);
    }

    /// <summary>
    /// A value of the pickled object at a key path ("model_args.n_layer", "model/model_args"; null or "" for the
    /// root) as plain .NET values: long, double, bool, string, byte[], null, IReadOnlyList (tuples, lists),
    /// IReadOnlyDictionary&lt;object, object?&gt; (dicts) and <see cref="TorchTensorEntry"/> for tensors.
    /// </summary>
    public object? Value(string? keyPath) => KeyPaths.Resolve(Path, _root, keyPath);

    /// <summary>
    /// Opens a checkpoint; the state dict is at <paramref name="keyPath"/>, or (null) the root when it holds
    /// tensors, else the only nested dict of tensors, else one named state_dict or model among several.
    /// </summary>
    public static TorchCheckpoint Open(string path, string? keyPath = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"torch checkpoint not found: {path}", path);
        if (!ZipDirectory.HasZipMagic(path))
            throw new InvalidDataException(PickleGuard.LooksLikeRawPickle(path)
                ? $"{path}: a legacy (non-zip) torch.save file or raw pickle; only torch.save's zip format (the default since torch 1.6) is read. Re-save it with torch.save or convert it to safetensors."
                : $"{path}: not a zip file (torch.save's format starts with PK\\x03\\x04).");
        using var stream = File.OpenRead(path);
        var members = ZipDirectory.Read(path, stream);
        var pickles = members.Keys.Where(n => n == PickleName || (n.EndsWith("/" + PickleName, StringComparison.Ordinal) && n.IndexOf('/') == n.Length - PickleName.Length - 1)).ToList();
        if (pickles.Count != 1)
            throw new InvalidDataException($"{path}: expected one ARCHIVE/{PickleName} in the zip, found {(pickles.Count == 0 ? "none" : string.Join(", ", pickles))} (not a torch.save checkpoint?).");
        string prefix = pickles[0][..^PickleName.Length];
        if (Small(path, stream, members, prefix + "byteorder") is { } order && order != "little")
            throw new InvalidDataException($"{path}: {prefix}byteorder is '{order}'; only little-endian checkpoints are read.");
        string? version = Small(path, stream, members, prefix + "version")?.Trim();
        var pickle = MemberBytes(path, stream, members[pickles[0]], MaxPickleBytes);
        var storages = new Dictionary<string, TorchStorage>(StringComparer.Ordinal);
        var root = RestrictedUnpickler.Load($"{path}: {pickles[0]}", pickle, (c, key, numel) => Storage(members, prefix, storages, c, key, numel));
        var (stateDict, foundAt) = StateDict(path, root, keyPath);
        var entries = stateDict.Where(kv => kv.Value is TorchTensorEntry)
            .Select(kv => ((TorchTensorEntry)kv.Value!) with { Name = kv.Key.ToString()! }).ToList();
        return new TorchCheckpoint(path, version, root, foundAt, entries);
    }

    private static TorchStorage Storage(
        Dictionary<string, ZipMember> members, string prefix, Dictionary<string, TorchStorage> storages, TorchStorageClass storageClass, string key, long numel)
    {
        if (storages.TryGetValue(key, out var known))
            return known.Class == storageClass && known.Numel == numel
                ? known
                : throw new InvalidDataException($"storage {key} is named as {storageClass.Name} of {numel} and as {known.Class.Name} of {known.Numel}");
        if (!members.TryGetValue($"{prefix}data/{key}", out var member))
            throw new InvalidDataException($"persistent id names storage {key}, but {prefix}data/{key} is not in the zip");
        var storage = new TorchStorage(key, storageClass, numel, member);
        long needed;
        try { needed = storage.ByteLength; }
        catch (OverflowException) { throw new InvalidDataException($"storage {key}: {numel} × {storageClass.ElementSize} bytes overflows 64 bits"); }
        if (member.Size < needed)
            throw new InvalidDataException($"storage {key} ({storageClass.Name}, {numel} elements) needs {needed} bytes; {member.Name} holds {member.Size}");
        if (member.Method != ZipMember.Stored && (member.Method != ZipMember.Deflated || member.Size != needed))
            throw new InvalidDataException($"{member.Name}: compression method {member.Method} with {member.Size} bytes (a storage is stored, or deflated to exactly the {needed} bytes it needs)");
        storages[key] = storage;
        return storage;
    }

    private static (IReadOnlyDictionary<object, object?> Dict, string? At) StateDict(string path, object? root, string? keyPath)
    {
        if (keyPath is not null)
            return KeyPaths.Resolve(path, root, keyPath) is PickleDict d && HasTensors(d)
                ? (d, keyPath)
                : throw new InvalidDataException($"{path}: the value at key path '{keyPath}' is not a dict of tensors.");
        if (root is not PickleDict top) throw new InvalidDataException($"{path}: the pickled object is {TorchGlobals.Describe(root)}, not a dict of tensors.");
        if (HasTensors(top)) return (top, null);
        var nested = top.Where(kv => kv.Key is string && kv.Value is PickleDict d && HasTensors(d)).ToList();
        var chosen = nested.Count == 1 ? nested[0] : nested.FirstOrDefault(kv => StateDictKeys.Contains(kv.Key));
        if (chosen.Value is PickleDict state) return (state, (string)chosen.Key);
        throw new InvalidDataException(
            $"{path}: no state dict: the root holds no tensors and {(nested.Count == 0 ? "no" : nested.Count.ToString())} of its keys hold dicts of tensors " +
            $"(keys: {string.Join(", ", top.Keys.Take(20).Select(k => TorchGlobals.Describe(k)))}); name one with a key path, e.g. file.pt#model.");
    }

    private static bool HasTensors(PickleDict dict) => dict.Values.Any(v => v is TorchTensorEntry);

    /// <summary>A small text member (byteorder, version), or null when absent.</summary>
    private static string? Small(string path, FileStream stream, Dictionary<string, ZipMember> members, string name) =>
        members.TryGetValue(name, out var m) ? System.Text.Encoding.ASCII.GetString(MemberBytes(path, stream, m, 64)) : null;

    private static byte[] MemberBytes(string path, FileStream stream, ZipMember member, long limit)
    {
        if (member.Size > limit) throw new InvalidDataException($"{path}: {member.Name} is {member.Size} bytes; the limit is {limit}.");
        if (member.Method == ZipMember.Deflated) return ZipDirectory.Inflate(path, stream, member, limit);
        if (member.Method != ZipMember.Stored) throw new InvalidDataException($"{path}: {member.Name} uses compression method {member.Method} (stored or deflated expected).");
        var bytes = new byte[member.Size];
        stream.Position = member.DataStart;
        stream.ReadExactly(bytes);
        return bytes;
    }
}
