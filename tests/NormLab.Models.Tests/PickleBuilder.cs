using System.Buffers.Binary;
using System.Text;

namespace NormLab.Models.Tests;

/// <summary>Writes a pickle opcode by opcode (tests only), plus the tensor pattern torch.save emits.</summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    public byte[] Bytes => [.. _bytes];

    public PickleBuilder Op(params byte[] bytes) { _bytes.AddRange(bytes); return this; }
    public PickleBuilder Op(char op, params byte[] args) => Op((byte)op).Op(args);
    public PickleBuilder Proto(int protocol) => Op(0x80, (byte)protocol);
    public PickleBuilder Frame(long length) => Op(0x95).Le(8, (ulong)length);
    public PickleBuilder Stop() => Op('.');
    public PickleBuilder Mark() => Op('(');
    public PickleBuilder Global(string module, string name) => Op('c').Op(Encoding.UTF8.GetBytes($"{module}\n{name}\n"));
    public PickleBuilder StackGlobal(string module, string name) => Str(module).Str(name).Op(0x93);
    public PickleBuilder Str(string s)
    {
        var utf8 = Encoding.UTF8.GetBytes(s);
        return Op('X').Le(4, (ulong)utf8.Length).Op(utf8);
    }
    public PickleBuilder Int(long n) => n is >= 0 and < 256 ? Op('K', (byte)n) : n is >= int.MinValue and <= int.MaxValue ? Op('J').Le(4, (ulong)(uint)(int)n) : Op(0x8a, 8).Le(8, (ulong)n);
    public PickleBuilder Float(double d) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteDoubleBigEndian(b, d); return Op(0x47).Op(b.ToArray()); }
    public PickleBuilder Ints(params long[] values) { Mark(); foreach (long v in values) Int(v); return Op('t'); }
    public PickleBuilder Le(int width, ulong value) { for (int i = 0; i < width; i++) _bytes.Add((byte)(value >> (8 * i))); return this; }

    /// <summary>OrderedDict() then MARK: items follow, closed with <see cref="EndDict"/>.</summary>
    public PickleBuilder BeginOrderedDict() => Global("collections", "OrderedDict").Op(')').Op('R').Mark();
    public PickleBuilder BeginDict() => Op('}').Mark();
    public PickleBuilder EndDict() => Op('u');

    /// <summary>_rebuild_tensor_v2(persid ('storage', torch.CLASS, key, 'cpu', numel), offset, size, stride, False, OrderedDict()).</summary>
    public PickleBuilder Tensor(string storageClass, string key, long numel, long offset, long[] size, long[] stride)
    {
        Global("torch._utils", "_rebuild_tensor_v2").Mark();
        Mark().Str("storage").Global("torch", storageClass).Str(key).Str("cpu").Int(numel).Op('t').Op('Q');
        Int(offset).Ints(size).Ints(stride).Op(0x89).Global("collections", "OrderedDict").Op(')').Op('R');
        return Op('t').Op('R');
    }

    /// <summary>_rebuild_parameter(tensor, True, OrderedDict()), as torch.save writes an nn.Parameter.</summary>
    public PickleBuilder Parameter(string storageClass, string key, long numel, long offset, long[] size, long[] stride) =>
        Global("torch._utils", "_rebuild_parameter").Mark().Tensor(storageClass, key, numel, offset, size, stride)
            .Op(0x88).Global("collections", "OrderedDict").Op(')').Op('R').Op('t').Op('R');
}
