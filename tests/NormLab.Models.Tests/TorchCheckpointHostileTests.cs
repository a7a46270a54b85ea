using System.Runtime.InteropServices;
using NormLab.Models.Formats.Torch;
using Xunit;
using static NormLab.Models.Tests.TorchZipBuilder;

namespace NormLab.Models.Tests;

/// <summary>
/// Hostile checkpoints: each is refused with one line naming the file and the global/opcode/limit, and
/// the sentinel file a real unpickler would have created never appears. Every loop here is bounded.
/// </summary>
public sealed class TorchCheckpointHostileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("normlab-torch-hostile-").FullName;
    private string Sentinel => Path.Combine(_folder, "SENTINEL");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] F32(params float[] v) => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();
    private static PickleBuilder P2() => new PickleBuilder().Proto(2);

    /// <summary>The refusal's message; asserts it names the file and the sentinel was not created.</summary>
    private string Refused(string name, IEnumerable<Member> members, Func<string, TorchCheckpoint>? open = null)
    {
        string path = Path.Combine(_folder, name);
        Write(path, members);
        return Refused(path, open);
    }

    private string Refused(string path, Func<string, TorchCheckpoint>? open = null)
    {
        var e = Assert.Throws<InvalidDataException>(() => (open ?? (p => TorchCheckpoint.Open(p)))(path));
        Assert.StartsWith(path, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(Sentinel));
        return e.Message;
    }

    private string RefusedPickle(string name, PickleBuilder pickle, params (string, byte[])[] storages) =>
        Refused(name, Checkpoint(pickle.Bytes, storages));

    private string Touch => $"touch {Sentinel}";

    [Theory]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("builtins", "exec")]
    [InlineData("builtins", "getattr")]
    [InlineData("subprocess", "Popen")]
    [InlineData("torch", "load")]
    public void Globals_outside_the_allow_list_are_refused_by_global_and_stack_global(string module, string name)
    {
        var viaGlobal = P2().Global(module, name).Str(Touch).Op(0x85).Op('R').Stop();
        string m = RefusedPickle("global.pt", viaGlobal);
        Assert.Contains($"data.pkl: global {module}.{name} is not allowed (weights-only reader; allowed: collections.OrderedDict", m);
        var viaStack = new PickleBuilder().Proto(4).StackGlobal(module, name).Str(Touch).Op(0x85).Op('R').Stop();
        Assert.Contains($"global {module}.{name} is not allowed", RefusedPickle("stack.pt", viaStack));
    }

    [Theory]
    [InlineData("INST", "(ios\nsystem\n")]
    [InlineData("OBJ", "(o")]
    [InlineData("NEWOBJ", "\x81")]
    [InlineData("EXT1", "\x82\x01")]
    [InlineData("PERSID", "P0\n")]
    [InlineData("EMPTY_SET", "\x8f")]
    [InlineData("unknown (0xff)", "\xff")]
    public void Opcodes_outside_the_state_dict_set_are_refused(string opcode, string bytes)
    {
        var p = P2().Op(bytes.Select(c => (byte)c).ToArray()).Stop();
        Assert.Contains($"opcode {opcode}", RefusedPickle("op.pt", p));
    }

    [Fact]
    public void Build_and_reduce_only_on_what_torch_emits()
    {
        Assert.Contains("BUILD on", RefusedPickle("build.pt", P2().Global("collections", "OrderedDict").Op('}').Op('b').Stop()));
        Assert.Contains("BUILD on", RefusedPickle("buildlist.pt", P2().Op(']').Op('}').Op('b').Stop()));
        Assert.Contains("REDUCE on", RefusedPickle("reducestorage.pt", P2().Global("torch", "FloatStorage").Op(')').Op('R').Stop()));
        Assert.Contains("REDUCE on", RefusedPickle("reducestr.pt", P2().Str("os.system").Op(')').Op('R').Stop()));
        Assert.Contains("collections.OrderedDict called with", RefusedPickle("odargs.pt", P2().Global("collections", "OrderedDict").Str(Touch).Op(0x85).Op('R').Stop()));
    }

    [Fact]
    public void Persistent_ids_must_be_torch_storages_that_exist_and_are_large_enough()
    {
        Assert.Contains("persistent id", RefusedPickle("pid.pt", P2().Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Op('t').Op('Q').Stop(), ("0", F32(1))));
        Assert.Contains("persistent id", RefusedPickle("pidstr.pt", P2().Str(Touch).Op('Q').Stop()));
        var unknown = P2().BeginOrderedDict().Str("w").Tensor("FloatStorage", "99", 1, 0, [1], [1]).EndDict().Stop();
        Assert.Contains("archive/data/99 is not in the zip", RefusedPickle("unknown.pt", unknown, ("0", F32(1))));
        var numel = P2().BeginOrderedDict().Str("w").Tensor("FloatStorage", "0", 1000, 0, [1000], [1]).EndDict().Stop();
        Assert.Contains("needs 4000 bytes; archive/data/0 holds 16", RefusedPickle("numel.pt", numel, ("0", F32(1, 2, 3, 4))));
        var past = P2().BeginOrderedDict().Str("w").Tensor("FloatStorage", "0", 4, 2, [2, 2], [2, 1]).EndDict().Stop();
        Assert.Contains("spans past storage 0 (4 elements)", RefusedPickle("past.pt", past, ("0", F32(1, 2, 3, 4))));
        var overflow = P2().BeginOrderedDict().Str("w").Tensor("FloatStorage", "0", 4, 0, [int.MaxValue, int.MaxValue, int.MaxValue], [0, 0, 0]).EndDict().Stop();
        Assert.Contains("overflows 64 bits", RefusedPickle("overflow.pt", overflow, ("0", F32(1, 2, 3, 4))));
        var hugeNumel = P2().BeginOrderedDict().Str("w").Tensor("DoubleStorage", "0", long.MaxValue / 2, 0, [1], [1]).EndDict().Stop();
        Assert.Contains("overflows 64 bits", RefusedPickle("hugenumel.pt", hugeNumel, ("0", F32(1, 2))));
    }

    [Fact]
    public void Lengths_beyond_the_pickle_and_ints_beyond_64_bits_are_refused()
    {
        Assert.Contains("length 4611686018427387904 runs past the end", RefusedPickle("u8.pt", new PickleBuilder().Proto(4).Op(0x8d).Le(8, 1UL << 62).Stop()));
        Assert.Contains("length 2147483647 runs past the end", RefusedPickle("long4.pt", P2().Op(0x8b).Le(4, int.MaxValue).Stop()));
        Assert.Contains("LONG4 of 9 bytes", RefusedPickle("long4b.pt", P2().Op(0x8b).Le(4, 9).Op(new byte[9]).Stop()));
        Assert.Contains("not valid UTF-8", RefusedPickle("utf8.pt", P2().Op('X').Le(4, 2).Op(0xC3, 0x28).Stop()));
        Assert.Contains("FRAME longer", RefusedPickle("frame.pt", new PickleBuilder().Proto(4).Frame(1L << 40).Stop()));
        Assert.Contains("expected PROTO", RefusedPickle("proto0.pt", new PickleBuilder().Op('}').Stop()));
        Assert.Contains("pickle protocol 6", RefusedPickle("proto6.pt", new PickleBuilder().Proto(6).Stop()));
    }

    [Fact]
    public void Deep_nesting_and_stack_floods_hit_their_limits()
    {
        var marks = P2().Op(Enumerable.Repeat((byte)'(', 1_000_000).ToArray()).Stop();
        Assert.Contains("more than 1000 nested MARKs", RefusedPickle("marks.pt", marks));
        var lists = P2().Op(Enumerable.Repeat((byte)']', 2_000_000).ToArray()).Stop();
        Assert.Contains("values on the stack", RefusedPickle("lists.pt", lists));
        // A list nested a million deep through the memo: the machine is iterative, so it is merely not a state dict.
        var nest = P2().Op(']').Op('q', 0).Op('0');
        for (int i = 0; i < 1_000_000; i++) nest.Op(']').Op('h', 0).Op('a').Op('q', 0).Op('0');
        Assert.Contains("a list of 1, not a dict of tensors", RefusedPickle("nested.pt", nest.Op('h', 0).Stop()));
        Assert.Contains("memo 7 was never stored", RefusedPickle("memo.pt", P2().Op('h', 7).Stop()));
        Assert.Contains("stack underflow", RefusedPickle("underflow.pt", P2().Op('0').Stop()));
    }

    [Fact]
    public void Truncated_and_incomplete_files_are_refused()
    {
        var good = P2().BeginOrderedDict().Str("w").Tensor("FloatStorage", "0", 1, 0, [1], [1]).EndDict().Stop().Bytes;
        Assert.Contains("truncated: the pickle ends before STOP", RefusedPickle("nostop.pt", new PickleBuilder().Op(good[..^1]), ("0", F32(1))));
        Assert.Contains("runs past the end of the pickle", RefusedPickle("cutstring.pt", new PickleBuilder().Op(P2().Str("weight").Bytes[..^3])));
        string whole = Path.Combine(_folder, "whole.pt");
        Write(whole, Checkpoint(good, ("0", F32(1))));
        string cut = Path.Combine(_folder, "cutzip.pt");
        File.WriteAllBytes(cut, File.ReadAllBytes(whole)[..200]);
        Assert.Contains("end-of-central-directory", Refused(cut));
        Assert.Contains("expected one ARCHIVE/data.pkl in the zip, found none", Refused("nopkl.pt", [new Member("archive/data/0", F32(1))]));
        Assert.Contains("byteorder is 'big'", Refused("big.pt", [new Member("archive/data.pkl", good), new Member("archive/byteorder", "big"u8.ToArray()), new Member("archive/data/0", F32(1))]));
        string legacy = Path.Combine(_folder, "legacy.pt");
        File.WriteAllBytes(legacy, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.']);
        Assert.Contains("legacy (non-zip) torch.save", Refused(legacy));
    }

    [Fact]
    public void Zip_bombs_are_refused_by_declared_and_by_inflated_size()
    {
        var good = P2().BeginOrderedDict().Str("w").Tensor("FloatStorage", "0", 4, 0, [4], [1]).EndDict().Stop().Bytes;
        byte[] zeros = new byte[8 << 20];
        Assert.Contains("data.pkl is 4294967280 bytes; the limit is 67108864",
            Refused("claims.pt", [new Member("archive/data.pkl", zeros, Deflate: true, DeclaredSize: 0xFFFFFFF0)]));
        Assert.Contains("deflated to exactly the 16 bytes it needs",
            Refused("storageclaims.pt", [new Member("archive/data.pkl", good), new Member("archive/data/0", zeros, Deflate: true)]));
        // Declares the 16 bytes the tensor needs but inflates to 8 MiB: refused when read, after 17 bytes.
        string lying = Path.Combine(_folder, "lying.pt");
        Write(lying, [new Member("archive/data.pkl", good), new Member("archive/data/0", zeros, Deflate: true, DeclaredSize: 16)]);
        Assert.Contains("inflates past its declared 16 bytes", Refused(lying, p => { TorchCheckpoint.Open(p).Read("w"); return null!; }));
        Assert.Contains("inflates past its declared", Refused("pkl.pt", [new Member("archive/data.pkl", zeros, Deflate: true, DeclaredSize: 100)]));
    }
}
