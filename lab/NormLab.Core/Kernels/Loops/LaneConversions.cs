using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormLab.Kernels.Loops;

/// <summary>
/// float16 ↔ float32 in vector lanes (the bits of each float16 widened to a uint lane). .NET exposes
/// no F16C/VCVTPH2PS intrinsic, so these are integer/float lane operations (after F. Giesen's
/// half_to_float / float_to_half_fast3_rtne): widening is exact, narrowing rounds to nearest even,
/// overflows to ±Inf and maps every NaN to the quiet NaN 0x7E00 with its sign. Tests compare every
/// float16 and millions of float32 bit patterns with the BCL's scalar conversions.
/// </summary>
internal static class HalfLanes
{
    private const uint ShiftedExponent = 0x7C00u << 13;
    private const uint ExponentAdjust = (127u - 15) << 23;
    private const uint InfNanAdjust = (128u - 16) << 23;
    private const uint Magic = 113u << 23;
    private const uint HalfMaxUpper = (127u + 16) << 23;
    private const uint SingleInf = 255u << 23;
    private const uint DenormMagic = ((127u - 15) + (23 - 10) + 1) << 23;
    private const uint NormalRebias = unchecked((uint)((15 - 127) << 23) + 0xFFFu);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Widen(Vector512<uint> h)
    {
        var o = (h & Vector512.Create(0x7FFFu)) << 13;
        var exp = o & Vector512.Create(ShiftedExponent);
        o += Vector512.Create(ExponentAdjust);
        o += Vector512.Equals(exp, Vector512.Create(ShiftedExponent)) & Vector512.Create(InfNanAdjust);
        var subnormal = ((o + Vector512.Create(1u << 23)).AsSingle() - Vector512.Create(Magic).AsSingle()).AsUInt32();
        o = Vector512.ConditionalSelect(Vector512.Equals(exp, Vector512<uint>.Zero), subnormal, o);
        return (o | ((h & Vector512.Create(0x8000u)) << 16)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Widen(Vector256<uint> h)
    {
        var o = (h & Vector256.Create(0x7FFFu)) << 13;
        var exp = o & Vector256.Create(ShiftedExponent);
        o += Vector256.Create(ExponentAdjust);
        o += Vector256.Equals(exp, Vector256.Create(ShiftedExponent)) & Vector256.Create(InfNanAdjust);
        var subnormal = ((o + Vector256.Create(1u << 23)).AsSingle() - Vector256.Create(Magic).AsSingle()).AsUInt32();
        o = Vector256.ConditionalSelect(Vector256.Equals(exp, Vector256<uint>.Zero), subnormal, o);
        return (o | ((h & Vector256.Create(0x8000u)) << 16)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Widen(Vector128<uint> h)
    {
        var o = (h & Vector128.Create(0x7FFFu)) << 13;
        var exp = o & Vector128.Create(ShiftedExponent);
        o += Vector128.Create(ExponentAdjust);
        o += Vector128.Equals(exp, Vector128.Create(ShiftedExponent)) & Vector128.Create(InfNanAdjust);
        var subnormal = ((o + Vector128.Create(1u << 23)).AsSingle() - Vector128.Create(Magic).AsSingle()).AsUInt32();
        o = Vector128.ConditionalSelect(Vector128.Equals(exp, Vector128<uint>.Zero), subnormal, o);
        return (o | ((h & Vector128.Create(0x8000u)) << 16)).AsSingle();
    }

    /// <summary>float32 lanes → float16 bits in the low half of each uint lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Narrow(Vector512<float> value)
    {
        var f = value.AsUInt32();
        var sign = f & Vector512.Create(0x8000_0000u);
        f ^= sign;
        var infOrNan = Vector512.ConditionalSelect(Vector512.GreaterThan(f, Vector512.Create(SingleInf)), Vector512.Create(0x7E00u), Vector512.Create(0x7C00u));
        var subnormal = (f.AsSingle() + Vector512.Create(DenormMagic).AsSingle()).AsUInt32() - Vector512.Create(DenormMagic);
        var normal = (f + Vector512.Create(NormalRebias) + ((f >> 13) & Vector512<uint>.One)) >> 13;
        var o = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(f, Vector512.Create(HalfMaxUpper)), infOrNan,
            Vector512.ConditionalSelect(Vector512.LessThan(f, Vector512.Create(Magic)), subnormal, normal));
        return o | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Narrow(Vector256<float> value)
    {
        var f = value.AsUInt32();
        var sign = f & Vector256.Create(0x8000_0000u);
        f ^= sign;
        var infOrNan = Vector256.ConditionalSelect(Vector256.GreaterThan(f, Vector256.Create(SingleInf)), Vector256.Create(0x7E00u), Vector256.Create(0x7C00u));
        var subnormal = (f.AsSingle() + Vector256.Create(DenormMagic).AsSingle()).AsUInt32() - Vector256.Create(DenormMagic);
        var normal = (f + Vector256.Create(NormalRebias) + ((f >> 13) & Vector256<uint>.One)) >> 13;
        var o = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(f, Vector256.Create(HalfMaxUpper)), infOrNan,
            Vector256.ConditionalSelect(Vector256.LessThan(f, Vector256.Create(Magic)), subnormal, normal));
        return o | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Narrow(Vector128<float> value)
    {
        var f = value.AsUInt32();
        var sign = f & Vector128.Create(0x8000_0000u);
        f ^= sign;
        var infOrNan = Vector128.ConditionalSelect(Vector128.GreaterThan(f, Vector128.Create(SingleInf)), Vector128.Create(0x7E00u), Vector128.Create(0x7C00u));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> Narrow(Vector256<uint> lanes) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.ConvertToVector128UInt16(lanes) : Vector256.Narrow(lanes, lanes).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector64<ushort> Narrow(Vector128<uint> lanes) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.ConvertToVector128UInt16(lanes).GetLower() : Vector128.Narrow(lanes, lanes).GetLower();
}
