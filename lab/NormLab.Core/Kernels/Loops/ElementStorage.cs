using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormLab.Kernels.Loops;

/// <summary>
/// How <see cref="VectorLoop"/> reads and writes a row's elements: float32 as is; narrower storage
/// widened to float32 in the vector registers on load and narrowed on store, so a float16 or bfloat16
/// row is computed in float32 without a float32 copy of the row in memory (or with one L1-resident
/// row where widening is dear: <see cref="WidenOnce"/>). A load of
/// Vector512&lt;float&gt; reads 16 elements of the storage type.
/// </summary>
public interface IElementStorage<TElem> where TElem : unmanaged
{
    static abstract float Widen(TElem value);
    static abstract TElem Narrow(float value);
    static abstract Vector128<float> Load128(ref TElem at);
    static abstract Vector256<float> Load256(ref TElem at);
    static abstract Vector512<float> Load512(ref TElem at);
    static abstract void Store128(Vector128<float> value, ref TElem at);
    static abstract void Store256(Vector256<float> value, ref TElem at);
    static abstract void Store512(Vector512<float> value, ref TElem at);

    /// <summary>
    /// Whether a row is better widened once into an L1-resident float32 row than in every pass: true
    /// where widening costs more than a float32 store and reload (float16's lane conversion, 7 vector ops
    /// against a store and a load per extra pass; in a one-off probe float16 LayerNorm, with the older 14-op
    /// conversion, ran ~1.5× faster widened once than in every pass), false
    /// where it is a shift (bfloat16, where widening in every pass was slightly faster).
    /// </summary>
    static abstract bool WidenOnce { get; }
}

public readonly struct Float32Storage : IElementStorage<float>
{
    public static bool WidenOnce => false;
    public static float Widen(float value) => value;
    public static float Narrow(float value) => value;
    public static Vector128<float> Load128(ref float at) => Vector128.LoadUnsafe(ref at);
    public static Vector256<float> Load256(ref float at) => Vector256.LoadUnsafe(ref at);
    public static Vector512<float> Load512(ref float at) => Vector512.LoadUnsafe(ref at);
    public static void Store128(Vector128<float> value, ref float at) => value.StoreUnsafe(ref at);
    public static void Store256(Vector256<float> value, ref float at) => value.StoreUnsafe(ref at);
    public static void Store512(Vector512<float> value, ref float at) => value.StoreUnsafe(ref at);
}

/// <summary>IEEE float16; the lane conversions are <see cref="HalfLanes"/>, bit-exact with (float)h and (Half)f.</summary>
public readonly struct Float16Storage : IElementStorage<Half>
{
    public static bool WidenOnce => true;
    public static float Widen(Half value) => (float)value;
    public static Half Narrow(float value) => (Half)value;

    public static Vector128<float> Load128(ref Half at) =>
        HalfLanes.Widen(Vector128.WidenLower(Vector64.LoadUnsafe(ref Unsafe.As<Half, short>(ref at)).ToVector128Unsafe()));

    public static Vector256<float> Load256(ref Half at) =>
        HalfLanes.Widen(Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<Half, short>(ref at)).ToVector256Unsafe()));

    public static Vector512<float> Load512(ref Half at) =>
        HalfLanes.Widen(Vector512.WidenLower(Vector256.LoadUnsafe(ref Unsafe.As<Half, short>(ref at)).ToVector512Unsafe()));

    public static void Store128(Vector128<float> value, ref Half at) =>
        LaneNarrowing.Narrow(HalfLanes.Narrow(value)).StoreUnsafe(ref Unsafe.As<Half, ushort>(ref at));

    public static void Store256(Vector256<float> value, ref Half at) =>
        LaneNarrowing.Narrow(HalfLanes.Narrow(value)).StoreUnsafe(ref Unsafe.As<Half, ushort>(ref at));

    public static void Store512(Vector512<float> value, ref Half at) =>
        LaneNarrowing.Narrow(HalfLanes.Narrow(value)).StoreUnsafe(ref Unsafe.As<Half, ushort>(ref at));
}

/// <summary>bfloat16 (<see cref="BFloat16"/>): widening is a 16-bit shift; narrowing rounds to nearest even and keeps NaN.</summary>
public readonly struct BFloat16Storage : IElementStorage<BFloat16>
{
    public static bool WidenOnce => false;
    public static float Widen(BFloat16 value) => (float)value;
    public static BFloat16 Narrow(float value) => (BFloat16)value;

    public static Vector128<float> Load128(ref BFloat16 at) =>
        (Vector128.WidenLower(Vector64.LoadUnsafe(ref Unsafe.As<BFloat16, ushort>(ref at)).ToVector128Unsafe()) << 16).AsSingle();

    public static Vector256<float> Load256(ref BFloat16 at) =>
        (Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<BFloat16, ushort>(ref at)).ToVector256Unsafe()) << 16).AsSingle();

    public static Vector512<float> Load512(ref BFloat16 at) =>
        (Vector512.WidenLower(Vector256.LoadUnsafe(ref Unsafe.As<BFloat16, ushort>(ref at)).ToVector512Unsafe()) << 16).AsSingle();

    public static void Store128(Vector128<float> value, ref BFloat16 at) =>
        LaneNarrowing.Narrow(BFloat16Lanes.Narrow(value)).StoreUnsafe(ref Unsafe.As<BFloat16, ushort>(ref at));

    public static void Store256(Vector256<float> value, ref BFloat16 at) =>
        LaneNarrowing.Narrow(BFloat16Lanes.Narrow(value)).StoreUnsafe(ref Unsafe.As<BFloat16, ushort>(ref at));

    public static void Store512(Vector512<float> value, ref BFloat16 at) =>
        LaneNarrowing.Narrow(BFloat16Lanes.Narrow(value)).StoreUnsafe(ref Unsafe.As<BFloat16, ushort>(ref at));
}
