using System.Buffers.Binary;
using System.Text;

namespace NormLab.Models.Formats.Torch;

/// <summary>
/// A pickle machine (protocols 2–5) for the opcodes a torch state dict uses. Globals resolve only to
/// <see cref="TorchGlobals"/>' allow-list and REDUCE builds records from them; INST, OBJ, NEWOBJ, EXT*
/// and anything unknown are refused. Stack, memo, marks, objects and lengths are bounded, and the loop
/// consumes at least one byte per step, so a hostile pickle costs at most its own size in work.
/// </summary>
internal sealed class RestrictedUnpickler
{
    public const int MaxMarks = 1000, MaxStack = 1 << 20, MaxMemo = 1 << 20, MaxObjects = 1 << 22;
    private const int MaxGlobalLine = 256;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly string _label;
    private readonly byte[] _data;
    private readonly Func<TorchStorageClass, string, long, TorchStorage> _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos, _objects;

    private RestrictedUnpickler(string label, byte[] data, Func<TorchStorageClass, string, long, TorchStorage> persistentLoad)
    {
        _label = label;
        _data = data;
        _persistentLoad = persistentLoad;
    }

    /// <summary>Runs the pickle; <paramref name="label"/> ("file: data.pkl") starts every error message.</summary>
    public static object? Load(string label, byte[] data, Func<TorchStorageClass, string, long, TorchStorage> persistentLoad) =>
        new RestrictedUnpickler(label, data, persistentLoad).Run();

    private object? Run()
    {
        if (_data.Length < 2 || _data[0] != 0x80) throw Bad(0, "expected PROTO (0x80) first: only pickle protocols 2–5 are read");
        while (true)
        {
            int at = _pos;
            if (_pos >= _data.Length) throw Bad(at, "truncated: the pickle ends before STOP");
            byte op = _data[_pos++];
            try
            {
                if (Step(op)) break;
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(_label, StringComparison.Ordinal))
            {
                throw Bad(at, e.Message);
            }
        }
        if (_stack.Count != 1) throw Bad(_pos, $"STOP with {_stack.Count} values on the stack (expected 1)");
        return _stack[0];
    }

    /// <summary>One opcode; true at STOP.</summary>
    private bool Step(byte op)
    {
        switch (op)
        {
            case 0x80: // PROTO
                {
                    byte protocol = Byte();
                    if (protocol is < 2 or > 5) throw new InvalidDataException($"pickle protocol {protocol} (only 2–5 are read)");
                    break;
                }
            case 0x95: // FRAME: a length prefix for buffering; the whole pickle is in memory already
                if (Long8() > _data.Length - _pos) throw new InvalidDataException("FRAME longer than the rest of the pickle");
                break;
            case (byte)'.': return true; // STOP
            case (byte)'(': // MARK
                if (_marks.Count >= MaxMarks) throw new InvalidDataException($"more than {MaxMarks} nested MARKs");
                _marks.Push(_stack.Count);
                break;
            case (byte)'0': Pop(); break; // POP
            case (byte)'1': PopMark(); break; // POP_MARK
            case (byte)'2': Push(Peek()); break; // DUP
            case (byte)'}': Push(new PickleDict()); break; // EMPTY_DICT
            case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
            case (byte)')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
            case (byte)'t': Push(PopMark().ToArray()); break; // TUPLE
            case 0x85: Push(new[] { Pop() }); break; // TUPLE1
            case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
            case (byte)'l': Push(PopMark()); break; // LIST
            case (byte)'d': { var d = new PickleDict(); SetItems(d, PopMark()); Push(d); break; } // DICT
            case (byte)'a': { var v = Pop(); ListAt().Add(v); break; } // APPEND
            case (byte)'e': { var items = PopMark(); ListAt().AddRange(items); break; } // APPENDS
            case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(DictAt(), [k, v]); break; } // SETITEM
            case (byte)'u': { var items = PopMark(); SetItems(DictAt(), items); break; } // SETITEMS
            case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break; // BININT
            case (byte)'K': Push((long)Byte()); break; // BININT1
            case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
            case 0x8a: Push(Long(Byte(), "LONG1")); break; // LONG1
            case 0x8b: Push(Long(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))), "LONG4")); break; // LONG4
            case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT (big-endian, per the pickle spec)
            case (byte)'N': Push(null); break; // NONE
            case 0x88: Push(true); break; // NEWTRUE
            case 0x89: Push(false); break; // NEWFALSE
            case 0x8c: case (byte)'U': Push(Text(Byte())); break; // SHORT_BINUNICODE, SHORT_BINSTRING
            case (byte)'X': case (byte)'T': Push(Text(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))))); break; // BINUNICODE, BINSTRING
            case 0x8d: Push(Text(Length(BinaryPrimitives.ReadUInt64LittleEndian(Take(8))))); break; // BINUNICODE8
            case (byte)'C': Push(Take(Byte()).ToArray()); break; // SHORT_BINBYTES
            case (byte)'B': Push(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))).ToArray()); break; // BINBYTES
            case (byte)'q': Memo(Byte(), Peek()); break; // BINPUT
            case (byte)'r': Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), Peek()); break; // LONG_BINPUT
            case 0x94: Memo(_memo.Count, Peek()); break; // MEMOIZE
            case (byte)'h': Push(Recall(Byte())); break; // BINGET
            case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // LONG_BINGET
            case (byte)'c': { string module = Line(), name = Line(); Push(Global(module, name)); break; } // GLOBAL
            case 0x93: { var name = Pop(); var module = Pop(); Push(Global(module as string, name as string)); break; } // STACK_GLOBAL
            case (byte)'R': { var args = Pop(); var f = Pop(); Push(Reduce(f, args)); break; } // REDUCE
            case (byte)'b': Build(Pop(), Peek()); break; // BUILD
            case (byte)'Q': Push(PersistentLoad(Pop())); break; // BINPERSID
            default: throw new InvalidDataException($"opcode {OpcodeName(op)} is not allowed (weights-only reader)");
        }
        return false;
    }

    private object Global(string? module, string? name)
    {
        if (module is null || name is null) throw new InvalidDataException("STACK_GLOBAL on values that are not strings");
        if (!TorchGlobals.IsAllowed(module, name))
            throw new InvalidDataException($"global {module}.{name} is not allowed (weights-only reader; allowed: {TorchGlobals.AllowList})");
        return new PickleGlobal(module, name);
    }

    private object Reduce(object? callable, object? args)
    {
        if (callable is not PickleGlobal global || TorchGlobals.StorageClass(global) is not null)
            throw new InvalidDataException($"REDUCE on {TorchGlobals.Describe(callable)}, which is not an allowed callable");
        if (args is not object?[] tuple) throw new InvalidDataException($"REDUCE on {global} with {TorchGlobals.Describe(args)} instead of an argument tuple");
        return TorchGlobals.Reduce(global, tuple);
    }

    /// <summary>BUILD sets Python attributes (an OrderedDict's _metadata, a tensor's __dict__); they carry no weights, so the state is checked and dropped.</summary>
    private static void Build(object? state, object? target)
    {
        bool allowedTarget = target is TorchTensorEntry || target is PickleDict { IsOrderedDict: true };
        if (!allowedTarget) throw new InvalidDataException($"BUILD on {TorchGlobals.Describe(target)} (only an OrderedDict or a tensor takes state)");
        if (state is not (PickleDict or null or object?[] { Length: 2 }))
            throw new InvalidDataException($"BUILD with state {TorchGlobals.Describe(state)} (expected a dict)");
    }

    /// <summary>BINPERSID: torch.save's ('storage', storage class, key, location, numel) and nothing else.</summary>
    private TorchStorage PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: 5 } t || t[0] is not "storage" || t[1] is not PickleGlobal g || TorchGlobals.StorageClass(g) is not { } storageClass
            || t[2] is not string key || t[3] is not string || t[4] is not long numel || numel < 0)
            throw new InvalidDataException($"persistent id {TorchGlobals.Describe(pid)} is not ('storage', torch.<Type>Storage, key, location, numel)");
        return _persistentLoad(storageClass, key, numel);
    }

    private static void SetItems(PickleDict dict, List<object?> items)
    {
        if (items.Count % 2 != 0) throw new InvalidDataException($"SETITEMS with an odd number ({items.Count}) of keys and values");
        for (int i = 0; i < items.Count; i += 2)
        {
            if (items[i] is not (string or long or bool or double or object?[])) throw new InvalidDataException($"dict key {TorchGlobals.Describe(items[i])} is not a plain value");
            dict[items[i]!] = items[i + 1];
        }
    }

    private List<object?> ListAt() => Peek() as List<object?> ?? throw new InvalidDataException($"APPEND to {TorchGlobals.Describe(Peek())}, not a list");
    private PickleDict DictAt() => Peek() as PickleDict ?? throw new InvalidDataException($"SETITEM on {TorchGlobals.Describe(Peek())}, not a dict");

    private void Push(object? value)
    {
        if (_stack.Count >= MaxStack) throw new InvalidDataException($"more than {MaxStack} values on the stack");
        if (++_objects > MaxObjects) throw new InvalidDataException($"more than {MaxObjects} values pushed");
        _stack.Add(value);
    }

    private object? Pop()
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw new InvalidDataException("stack underflow (pop past a MARK or an empty stack)");
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek()
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        return _stack.Count > floor ? _stack[^1] : throw new InvalidDataException("stack underflow (no value above the MARK)");
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0) throw new InvalidDataException("no MARK to pop to");
        int mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private void Memo(long index, object? value)
    {
        if (_memo.Count >= MaxMemo && !_memo.ContainsKey(index)) throw new InvalidDataException($"more than {MaxMemo} memo entries");
        _memo[index] = value;
    }

    private object? Recall(long index) => _memo.TryGetValue(index, out var v) ? v : throw new InvalidDataException($"memo {index} was never stored");

    /// <summary>Ints are bounded to 64 bits: a state dict's offsets, sizes and hyper-parameters fit.</summary>
    private long Long(int length, string opcode)
    {
        if (length > 8) throw new InvalidDataException($"{opcode} of {length} bytes (ints over 64 bits are not read)");
        var bytes = Take(length);
        long value = length > 0 && (bytes[^1] & 0x80) != 0 ? -1L : 0L;
        for (int i = length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        return value;
    }

    private string Text(int length)
    {
        var bytes = Take(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"string of {length} bytes is not valid UTF-8");
        }
    }

    private string Line()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos, Math.Min(MaxGlobalLine, _data.Length - _pos));
        if (end < 0) throw new InvalidDataException($"GLOBAL name without a newline in {MaxGlobalLine} bytes");
        string text = Text(end - _pos);
        _pos++;
        return text;
    }

    /// <summary>A length field, refused when it exceeds the bytes left (so no allocation ever outgrows the pickle).</summary>
    private int Length(ulong length) =>
        length <= (ulong)(_data.Length - _pos) ? (int)length : throw new InvalidDataException($"length {length} runs past the end of the pickle ({_data.Length - _pos} bytes left)");

    private long Long8() => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)), long.MaxValue);

    private byte Byte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _pos) throw new InvalidDataException($"truncated: {count} bytes wanted, {_data.Length - _pos} left");
        var span = _data.AsSpan(_pos, count);
        _pos += count;
        return span;
    }

    private static string OpcodeName(byte op) => op switch
    {
        (byte)'i' => "INST",
        (byte)'o' => "OBJ",
        0x81 => "NEWOBJ",
        0x92 => "NEWOBJ_EX",
        0x82 => "EXT1",
        0x83 => "EXT2",
        0x84 => "EXT4",
        (byte)'P' => "PERSID",
        (byte)'I' => "INT",
        (byte)'L' => "LONG",
        (byte)'F' => "FLOAT",
        (byte)'S' => "STRING",
        (byte)'V' => "UNICODE",
        (byte)'g' => "GET",
        (byte)'p' => "PUT",
        0x8e => "BINBYTES8",
        0x8f => "EMPTY_SET",
        0x90 => "ADDITEMS",
        0x91 => "FROZENSET",
        0x96 => "BYTEARRAY8",
        0x97 => "NEXT_BUFFER",
        0x98 => "READONLY_BUFFER",
        _ => "unknown",
    } + $" (0x{op:x2})";

    private InvalidDataException Bad(int at, string what) => new($"{_label}: {what} (at byte {at}).");
}
