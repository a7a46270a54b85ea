using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormLab.Kernels.Loops;

/// <summary>
/// float16 ↔ float32 in vector lanes. .NET exposes no F16C/VCVTPH2PS intrinsic, so these are
/// integer/float lane operations, written for the fewest vector ops because they, not memory, bound
/// every float16 kernel. Widening (sign-extended float16 bits in int lanes) shifts the magnitude into
/// float32 position and scales it by 2^112, which is exact for normals and subnormals alike
/// (F. Giesen's half_to_float_fast4); Inf/NaN get the full exponent. Narrowing takes a fast path when
/// every lane is a float16 normal (or rounds to ±Inf from just below 65536): the round-to-nearest-even
/// of the mantissa in integer arithmetic, the sign merged in one bitwise select. Any other lane sends
/// the vector to the full conversion (float_to_half_fast3_rtne: subnormals, overflow to ±Inf, every NaN
/// to the quiet NaN 0x7E00 with its sign). Tests compare every float16 and millions of float32 bit
/// patterns, on both paths, with the BCL's scalar conversions.
/// </summary>
internal static class HalfLanes
{
    private const int Scale112 = (127 + 112) << 23;
    private const int SingleInf = 255 << 23;
    private const uint Magic = 113u << 23;
    private const uint HalfMaxUpper = (127u + 16) << 23;
    // |f| in [Magic, HalfMaxUpper) ⟺ |f| + RangeBias, read as a signed int, is at most RangeLimit: one signed compare
    // (AVX2 has no unsigned one) tells whether any lane leaves the fast path.
    private const uint RangeBias = 0x8000_0000u - Magic;
    private const int RangeLimit = int.MinValue + (int)(HalfMaxUpper - Magic) - 1;
    private const uint DenormMagic = ((127u - 15) + (23 - 10) + 1) << 23;
    private const uint NormalRebias = unchecked((uint)((15 - 127) << 23) + 0xFFFu);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Widen(Vector512<int> h)
    {
        var o = ((h & Vector512.Create(0x7FFF)) << 13).AsSingle() * Vector512.Create(Scale112).AsSingle();
        var infOrNan = Vector512.GreaterThanOrEqual(o, Vector512.Create(65536f)).AsInt32() & Vector512.Create(SingleInf);
        return (o.AsInt32() | infOrNan | (h & Vector512.Create(int.MinValue))).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Widen(Vector256<int> h)
    {
        var o = ((h & Vector256.Create(0x7FFF)) << 13).AsSingle() * Vector256.Create(Scale112).AsSingle();
        var infOrNan = Vector256.GreaterThanOrEqual(o, Vector256.Create(65536f)).AsInt32() & Vector256.Create(SingleInf);
        return (o.AsInt32() | infOrNan | (h & Vector256.Create(int.MinValue))).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Widen(Vector128<int> h)
    {
        var o = ((h & Vector128.Create(0x7FFF)) << 13).AsSingle() * Vector128.Create(Scale112).AsSingle();
        var infOrNan = Vector128.GreaterThanOrEqual(o, Vector128.Create(65536f)).AsInt32() & Vector128.Create(SingleInf);
        return (o.AsInt32() | infOrNan | (h & Vector128.Create(int.MinValue))).AsSingle();
    }

    /// <summary>float32 lanes → float16 bits in the low half of each uint lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Narrow(Vector512<float> value)
    {
        var w = value.AsUInt32();
        if (Vector512.GreaterThanAny(((w & Vector512.Create(0x7FFF_FFFFu)) + Vector512.Create(RangeBias)).AsInt32(), Vector512.Create(RangeLimit)))
            return NarrowAnyRange(value);
        var rounded = w + Vector512.Create(NormalRebias) + ((w >> 13) & Vector512<uint>.One);
        return Vector512.ConditionalSelect(Vector512.Create(0x7FFFu), rounded >> 13, w >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> NarrowAnyRange(Vector512<float> value)
    {
        var f = value.AsUInt32();
        var sign = f & Vector512.Create(0x8000_0000u);
        f ^= sign;
        var infOrNan = Vector512.ConditionalSelect(Vector512.GreaterThan(f, Vector512.Create((uint)SingleInf)), Vector512.Create(0x7E00u), Vector512.Create(0x7C00u));
        var subnormal = (f.AsSingle() + Vector512.Create(DenormMagic).AsSingle()).AsUInt32() - Vector512.Create(DenormMagic);
        var normal = (f + Vector512.Create(NormalRebias) + ((f >> 13) & Vector512<uint>.One)) >> 13;
        var o = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(f, Vector512.Create(HalfMaxUpper)), infOrNan,
            Vector512.ConditionalSelect(Vector512.LessThan(f, Vector512.Create(Magic)), subnormal, normal));
        return o | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Narrow(Vector256<float> value)
    {
        var w = value.AsUInt32();
        if (Vector256.GreaterThanAny(((w & Vector256.Create(0x7FFF_FFFFu)) + Vector256.Create(RangeBias)).AsInt32(), Vector256.Create(RangeLimit)))
            return NarrowAnyRange(value);
        var rounded = w + Vector256.Create(NormalRebias) + ((w >> 13) & Vector256<uint>.One);
        return Vector256.ConditionalSelect(Vector256.Create(0x7FFFu), rounded >> 13, w >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> NarrowAnyRange(Vector256<float> value)
    {
        var f = value.AsUInt32();
        var sign = f & Vector256.Create(0x8000_0000u);
        f ^= sign;
        var infOrNan = Vector256.ConditionalSelect(Vector256.GreaterThan(f, Vector256.Create((uint)SingleInf)), Vector256.Create(0x7E00u), Vector256.Create(0x7C00u));
        var subnormal = (f.AsSingle() + Vector256.Create(DenormMagic).AsSingle()).AsUInt32() - Vector256.Create(DenormMagic);
        var normal = (f + Vector256.Create(NormalRebias) + ((f >> 13) & Vector256<uint>.One)) >> 13;
        var o = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(f, Vector256.Create(HalfMaxUpper)), infOrNan,
            Vector256.ConditionalSelect(Vector256.LessThan(f, Vector256.Create(Magic)), subnormal, normal));
        return o | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Narrow(Vector128<float> value)
    {
        var w = value.AsUInt32();
        if (Vector128.GreaterThanAny(((w & Vector128.Create(0x7FFF_FFFFu)) + Vector128.Create(RangeBias)).AsInt32(), Vector128.Create(RangeLimit)))
            return NarrowAnyRange(value);
        var rounded = w + Vector128.Create(NormalRebias) + ((w >> 13) & Vector128<uint>.One);
        return Vector128.ConditionalSelect(Vector128.Create(0x7FFFu), rounded >> 13, w >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> NarrowAnyRange(Vector128<float> value)
    {
        var f = value.AsUInt32();
        var sign = f & Vector128.Create(0x8000_0000u);
        f ^= sign;
        var infOrNan = Vector128.ConditionalSelect(Vector128.GreaterThan(f, Vector128.Create((uint)SingleInf)), Vector128.Create(0x7E00u), Vector128.Create(0x7C00u));
        var subnormal = (f.AsSingle() + Vector128.Create(DenormMagic).AsSingle()).AsUInt32() - Vector128.Create(DenormMagic);
        var normal = (f + Vector128.Create(NormalRebias) + ((f >> 13) & Vector128<uint>.One)) >> 13;
        var o = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(f, Vector128.Create(HalfMaxUpper)), infOrNan,
            Vector128.ConditionalSelect(Vector128.LessThan(f, Vector128.Create(Magic)), subnormal, normal));
        return o | (sign >> 16);
    }
}

/// <summary>float32 lanes → bfloat16 bits in the low half of each uint lane, as <see cref="BFloat16.Narrow"/> does per element.</summary>
internal static class BFloat16Lanes
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Narrow(Vector512<float> value)
    {
        var f = value.AsUInt32();
        var rounded = (f + Vector512.Create(0x7FFFu) + ((f >> 16) & Vector512<uint>.One)) >> 16;
        return Vector512.ConditionalSelect(Vector512.Equals(value, value).AsUInt32(), rounded, (f >> 16) | Vector512.Create(0x40u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Narrow(Vector256<float> value)
    {
        var f = value.AsUInt32();
        var rounded = (f + Vector256.Create(0x7FFFu) + ((f >> 16) & Vector256<uint>.One)) >> 16;
        return Vector256.ConditionalSelect(Vector256.Equals(value, value).AsUInt32(), rounded, (f >> 16) | Vector256.Create(0x40u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Narrow(Vector128<float> value)
    {
        var f = value.AsUInt32();
        var rounded = (f + Vector128.Create(0x7FFFu) + ((f >> 16) & Vector128<uint>.One)) >> 16;
        return Vector128.ConditionalSelect(Vector128.Equals(value, value).AsUInt32(), rounded, (f >> 16) | Vector128.Create(0x40u));
    }
}

/// <summary>uint lanes holding 16-bit values → the packed 16-bit vector of half the width (one VPMOVDW where AVX-512 has it).</summary>
internal static class LaneNarrowing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> Narrow(Vector512<uint> lanes) =>
        Avx512F.IsSupported ? Avx512F.ConvertToVector256UInt16(lanes) : Vector512.Narrow(lanes, lanes).GetLower();

    /// <summary>On AVX2 one saturating pack (the lanes already fit in 16 bits, so it truncates nothing) and one lane permute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> Narrow(Vector256<uint> lanes) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.ConvertToVector128UInt16(lanes)
        : Avx2.IsSupported ? Avx2.Permute4x64(Avx2.PackUnsignedSaturate(lanes.AsInt32(), lanes.AsInt32()).AsUInt64(), 0b11_01_10_00).AsUInt16().GetLower()
        : Vector256.Narrow(lanes, lanes).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector64<ushort> Narrow(Vector128<uint> lanes) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.ConvertToVector128UInt16(lanes).GetLower() : Vector128.Narrow(lanes, lanes).GetLower();
}
