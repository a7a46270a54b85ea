using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NormLab.Kernels.Loops;

/// <summary>
/// The one loop driver every kernel uses: the widest accelerated vector width first, then a scalar
/// tail (or only the scalar loop in <see cref="ScalarMode"/>). Ops say what to compute per element;
/// this says how to walk the row. The first input and the output are in the row's storage type
/// (<see cref="IElementStorage{TElem}"/>: float32, or float16/bfloat16 widened and narrowed in the
/// registers); the second and third inputs are float32 and are loaded only if the op reads them
/// (<see cref="IReduceOp.ReadsB"/>), otherwise they may be empty.
/// </summary>
internal static partial class VectorLoop
{
    /// <summary>float32 rows: <see cref="Reduce{TMode, TOp, TStore, TElem}"/> with <see cref="Float32Storage"/>.</summary>
    public static (double, double) Reduce<TMode, TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, TOp op)
        where TMode : struct, ILoopMode where TOp : struct, IReduceOp =>
        Reduce<TMode, TOp, Float32Storage, float>(a, b, c, op);

    /// <summary>
    /// (Σ op(a,b,c).Item1, Σ op(a,b,c).Item2) over the row. Blocked summation: each block of
    /// <see cref="VectorBlock"/> (SIMD: ≤ 64 adds per partial sum on every width, see <see cref="Chains"/>) or <see cref="ScalarBlock"/> elements is summed
    /// in float32, block sums in float64. Rounding error then grows with the block, not with d
    /// (worst case ~70ε instead of d/16·ε at d = 12288), so the bounds can be d-independent and tight.
    /// </summary>
    public static (double, double) Reduce<TMode, TOp, TStore, TElem>(ReadOnlySpan<TElem> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, TOp op)
        where TMode : struct, ILoopMode where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        RequireInputs(a.Length, b.Length, TOp.ReadsB, c.Length, TOp.ReadsC);
        return Reduce<TMode, TOp, TStore, TElem, KeepNothing>(a, b, c, op, ref Unsafe.NullRef<float>());
    }

    /// <summary>
    /// <see cref="Reduce{TMode, TOp, TStore, TElem}"/> of a row in narrow storage that also writes the widened row to
    /// <paramref name="widened"/>, so a float16 row is widened once, in the statistic's first pass, instead of in a copy
    /// pass before it. Same sums, in the same order, as Reduce over the widened row.
    /// </summary>
    public static (double, double) ReduceWidening<TMode, TOp, TStore, TElem>(ReadOnlySpan<TElem> a, TOp op, Span<float> widened)
        where TMode : struct, ILoopMode where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        RequireInputs(a.Length, 0, TOp.ReadsB, 0, TOp.ReadsC);
        RequireOutput(a.Length, widened.Length);
        return Reduce<TMode, TOp, TStore, TElem, KeepWidened>(a, [], [], op, ref MemoryMarshal.GetReference(widened));
    }

    private static (double, double) Reduce<TMode, TOp, TStore, TElem, TKeep>(ReadOnlySpan<TElem> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, TOp op,
        ref float rw)
        where TMode : struct, ILoopMode where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
        where TKeep : struct, IKeepWidened
    {
        int block = TMode.Vectorize ? VectorBlock : ScalarBlock;
        ref TElem ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        double t1 = 0, t2 = 0;
        for (int start = 0; start < a.Length; start += block)
        {
            int len = Math.Min(block, a.Length - start);
            var (s1, s2) = ReduceBlock<TMode, TOp, TStore, TElem, TKeep>(ref Unsafe.Add(ref ra, start), ref Unsafe.Add(ref rb, TOp.ReadsB ? start : 0),
                ref Unsafe.Add(ref rc, TOp.ReadsC ? start : 0), ref TKeep.Keeps ? ref Unsafe.Add(ref rw, start) : ref rw, len, op);
            t1 += s1;
            t2 += s2;
        }
        return (t1, t2);
    }

    /// <summary>
    /// The loops read and write through unchecked refs, so each call checks once that every span it reads holds a
    /// row's worth (the first input sets the length) and that the output has room: a short span is an exception,
    /// never a read or write past its end.
    /// </summary>
    private static void RequireInputs(int n, int b, bool readsB, int c, bool readsC)
    {
        if (readsB && b < n) throw new ArgumentException($"the second input holds {b} elements, the row {n}.", nameof(b));
        if (readsC && c < n) throw new ArgumentException($"the third input holds {c} elements, the row {n}.", nameof(c));
    }

    private static void RequireOutput(int n, int y)
    {
        if (y < n) throw new ArgumentException($"the output holds {y} elements, the row {n}.", nameof(y));
    }

    public const int VectorBlock = 1024;
    public const int ScalarBlock = 64;

    /// <summary>
    /// Accumulator chains per sum and width. Besides hiding the add latency, they fix the reduction
    /// tree: a block of <see cref="VectorBlock"/> elements spreads over 64/32/16 float32 partial sums
    /// (Vector512/256/128), so no partial sum takes more than 64 adds on any width. With one chain,
    /// Vector128 took 256 adds per lane and Vector256 128, and the rounding of a cancelling sum
    /// (CRMSNorm backward's Σx̂ at 262×1000) reached 19.6 ULP on AVX2 against 16 allowed.
    /// </summary>
    public const int Chains = 4;

    /// <summary>One block in float32; vector lanes and chains keep separate partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float) ReduceBlock<TMode, TOp, TStore, TElem, TKeep>(ref TElem ra, ref float rb, ref float rc, ref float rw, int n, TOp op)
        where TMode : struct, ILoopMode where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
        where TKeep : struct, IKeepWidened
    {
        float s1 = 0, s2 = 0;
        int i = 0;
        if (TMode.Vectorize)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
                (s1, s2) = Reduce512<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, n, ref i, op);
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
                (s1, s2) = Reduce256<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, n, ref i, op);
            else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
                (s1, s2) = Reduce128<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, n, ref i, op);
        }
        for (; i < n; i++)
        {
            float a = TStore.Widen(Unsafe.Add(ref ra, i));
            if (TKeep.Keeps) Unsafe.Add(ref rw, i) = a;
            var (u, v) = op.Invoke(a, TOp.ReadsB ? Unsafe.Add(ref rb, i) : 0, TOp.ReadsC ? Unsafe.Add(ref rc, i) : 0);
            s1 += u;
            s2 += v;
        }
        return (s1, s2);
    }

    /// <summary>Four accumulator chains per sum (independent adds hide the add latency; see <see cref="Chains"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float) Reduce512<TOp, TStore, TElem, TKeep>(ref TElem ra, ref float rb, ref float rc, ref float rw, int n, ref int i, TOp op)
        where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged where TKeep : struct, IKeepWidened
    {
        int c = Vector512<float>.Count;
        Vector512<float> x0 = default, x1 = default, x2 = default, x3 = default, y0 = default, y1 = default, y2 = default, y3 = default;
        for (; i <= n - Chains * c; i += Chains * c)
        {
            var (u0, v0) = Reduced512<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i, op);
            var (u1, v1) = Reduced512<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + c, op);
            var (u2, v2) = Reduced512<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + 2 * c, op);
            var (u3, v3) = Reduced512<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + 3 * c, op);
            x0 += u0; x1 += u1; x2 += u2; x3 += u3;
            if (TOp.HasSecond) { y0 += v0; y1 += v1; y2 += v2; y3 += v3; }
        }
        for (; i <= n - c; i += c)
        {
            var (u, v) = Reduced512<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i, op);
            x0 += u;
            if (TOp.HasSecond) y0 += v;
        }
        return (Vector512.Sum((x0 + x1) + (x2 + x3)), Vector512.Sum((y0 + y1) + (y2 + y3)));
    }

    /// <summary>Four accumulator chains per sum (independent adds hide the add latency; see <see cref="Chains"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float) Reduce256<TOp, TStore, TElem, TKeep>(ref TElem ra, ref float rb, ref float rc, ref float rw, int n, ref int i, TOp op)
        where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged where TKeep : struct, IKeepWidened
    {
        int c = Vector256<float>.Count;
        Vector256<float> x0 = default, x1 = default, x2 = default, x3 = default, y0 = default, y1 = default, y2 = default, y3 = default;
        for (; i <= n - Chains * c; i += Chains * c)
        {
            var (u0, v0) = Reduced256<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i, op);
            var (u1, v1) = Reduced256<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + c, op);
            var (u2, v2) = Reduced256<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + 2 * c, op);
            var (u3, v3) = Reduced256<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + 3 * c, op);
            x0 += u0; x1 += u1; x2 += u2; x3 += u3;
            if (TOp.HasSecond) { y0 += v0; y1 += v1; y2 += v2; y3 += v3; }
        }
        for (; i <= n - c; i += c)
        {
            var (u, v) = Reduced256<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i, op);
            x0 += u;
            if (TOp.HasSecond) y0 += v;
        }
        return (Vector256.Sum((x0 + x1) + (x2 + x3)), Vector256.Sum((y0 + y1) + (y2 + y3)));
    }

    /// <summary>Four accumulator chains per sum (independent adds hide the add latency; see <see cref="Chains"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float) Reduce128<TOp, TStore, TElem, TKeep>(ref TElem ra, ref float rb, ref float rc, ref float rw, int n, ref int i, TOp op)
        where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged where TKeep : struct, IKeepWidened
    {
        int c = Vector128<float>.Count;
        Vector128<float> x0 = default, x1 = default, x2 = default, x3 = default, y0 = default, y1 = default, y2 = default, y3 = default;
        for (; i <= n - Chains * c; i += Chains * c)
        {
            var (u0, v0) = Reduced128<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i, op);
            var (u1, v1) = Reduced128<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + c, op);
            var (u2, v2) = Reduced128<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + 2 * c, op);
            var (u3, v3) = Reduced128<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i + 3 * c, op);
            x0 += u0; x1 += u1; x2 += u2; x3 += u3;
            if (TOp.HasSecond) { y0 += v0; y1 += v1; y2 += v2; y3 += v3; }
        }
        for (; i <= n - c; i += c)
        {
            var (u, v) = Reduced128<TOp, TStore, TElem, TKeep>(ref ra, ref rb, ref rc, ref rw, i, op);
            x0 += u;
            if (TOp.HasSecond) y0 += v;
        }
        return (Vector128.Sum((x0 + x1) + (x2 + x3)), Vector128.Sum((y0 + y1) + (y2 + y3)));
    }

    /// <summary>The op on one vector at element i: a widened from its storage, b and c loaded only if read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>) Reduced512<TOp, TStore, TElem, TKeep>(ref TElem ra, ref float rb, ref float rc, ref float rw, int i,
        TOp op)
        where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged where TKeep : struct, IKeepWidened
    {
        var a = TStore.Load512(ref Unsafe.Add(ref ra, i));
        if (TKeep.Keeps) a.StoreUnsafe(ref rw, (nuint)i);
        return op.Invoke(a, TOp.ReadsB ? Vector512.LoadUnsafe(ref rb, (nuint)i) : a, TOp.ReadsC ? Vector512.LoadUnsafe(ref rc, (nuint)i) : a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>) Reduced256<TOp, TStore, TElem, TKeep>(ref TElem ra, ref float rb, ref float rc, ref float rw, int i,
        TOp op)
        where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged where TKeep : struct, IKeepWidened
    {
        var a = TStore.Load256(ref Unsafe.Add(ref ra, i));
        if (TKeep.Keeps) a.StoreUnsafe(ref rw, (nuint)i);
        return op.Invoke(a, TOp.ReadsB ? Vector256.LoadUnsafe(ref rb, (nuint)i) : a, TOp.ReadsC ? Vector256.LoadUnsafe(ref rc, (nuint)i) : a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float>, Vector128<float>) Reduced128<TOp, TStore, TElem, TKeep>(ref TElem ra, ref float rb, ref float rc, ref float rw, int i,
        TOp op)
        where TOp : struct, IReduceOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged where TKeep : struct, IKeepWidened
    {
        var a = TStore.Load128(ref Unsafe.Add(ref ra, i));
        if (TKeep.Keeps) a.StoreUnsafe(ref rw, (nuint)i);
        return op.Invoke(a, TOp.ReadsB ? Vector128.LoadUnsafe(ref rb, (nuint)i) : a, TOp.ReadsC ? Vector128.LoadUnsafe(ref rc, (nuint)i) : a);
    }

    /// <summary>float32 rows: <see cref="Map{TMode, TOp, TStore, TElem}"/> with <see cref="Float32Storage"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Map<TMode, TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> y, TOp op,
        bool nonTemporal = false, NextRow next = default)
        where TMode : struct, ILoopMode where TOp : struct, IMapOp =>
        Map<TMode, TOp, Float32Storage, float>(a, b, c, y, op, nonTemporal, next);

    /// <summary>
    /// y[i] = op(a[i], b[i], c[i]) with a and y in the same storage. y may be the same memory as a (in-place
    /// updates). <paramref name="nonTemporal"/>: stream a float32 y past the cache (SIMD mode; see <see cref="MapNonTemporal{TOp}"/>).
    /// <paramref name="next"/>: the row to prefetch meanwhile (SIMD mode).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Map<TMode, TOp, TStore, TElem>(ReadOnlySpan<TElem> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<TElem> y, TOp op,
        bool nonTemporal = false, NextRow next = default)
        where TMode : struct, ILoopMode where TOp : struct, IMapOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        if (TMode.Vectorize && nonTemporal && typeof(TElem) == typeof(float))
        {
            MapNonTemporal(MemoryMarshal.Cast<TElem, float>(a), b, c, MemoryMarshal.Cast<TElem, float>(y), op, next);
            return;
        }
        Map<TMode, TOp, TStore, TElem, TStore, TElem>(a, b, c, y, op, next);
    }

    /// <summary>y[i] = op(a[i], b[i], c[i]) with a read from one storage and y written in another (e.g. a float32 row narrowed on store).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Map<TMode, TOp, TIn, TInElem, TOut, TOutElem>(ReadOnlySpan<TInElem> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        Span<TOutElem> y, TOp op, NextRow next = default)
        where TMode : struct, ILoopMode where TOp : struct, IMapOp
        where TIn : struct, IElementStorage<TInElem> where TInElem : unmanaged where TOut : struct, IElementStorage<TOutElem> where TOutElem : unmanaged
    {
        int n = a.Length;
        RequireInputs(n, b.Length, TOp.ReadsB, c.Length, TOp.ReadsC);
        RequireOutput(n, y.Length);
        ref TInElem ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        ref TOutElem ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (TMode.Vectorize)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
            {
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    next.Fetch(i);
                    TOut.Store512(Mapped512<TOp, TIn, TInElem>(ref ra, ref rb, ref rc, i, op), ref Unsafe.Add(ref ry, i));
                }
            }
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
            {
                for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    next.Fetch(i);
                    TOut.Store256(Mapped256<TOp, TIn, TInElem>(ref ra, ref rb, ref rc, i, op), ref Unsafe.Add(ref ry, i));
                }
            }
            else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
            {
                for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                {
                    next.Fetch(i);
                    TOut.Store128(Mapped128<TOp, TIn, TInElem>(ref ra, ref rb, ref rc, i, op), ref Unsafe.Add(ref ry, i));
                }
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref ry, i) = TOut.Narrow(Mapped<TOp, TIn, TInElem>(ref ra, ref rb, ref rc, i, op));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Mapped<TOp, TStore, TElem>(ref TElem ra, ref float rb, ref float rc, int i, TOp op)
        where TOp : struct, IMapOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged =>
        op.Invoke(TStore.Widen(Unsafe.Add(ref ra, i)), TOp.ReadsB ? Unsafe.Add(ref rb, i) : 0, TOp.ReadsC ? Unsafe.Add(ref rc, i) : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Mapped512<TOp, TStore, TElem>(ref TElem ra, ref float rb, ref float rc, int i, TOp op)
        where TOp : struct, IMapOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        var a = TStore.Load512(ref Unsafe.Add(ref ra, i));
        return op.Invoke(a, TOp.ReadsB ? Vector512.LoadUnsafe(ref rb, (nuint)i) : a, TOp.ReadsC ? Vector512.LoadUnsafe(ref rc, (nuint)i) : a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mapped256<TOp, TStore, TElem>(ref TElem ra, ref float rb, ref float rc, int i, TOp op)
        where TOp : struct, IMapOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        var a = TStore.Load256(ref Unsafe.Add(ref ra, i));
        return op.Invoke(a, TOp.ReadsB ? Vector256.LoadUnsafe(ref rb, (nuint)i) : a, TOp.ReadsC ? Vector256.LoadUnsafe(ref rc, (nuint)i) : a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Mapped128<TOp, TStore, TElem>(ref TElem ra, ref float rb, ref float rc, int i, TOp op)
        where TOp : struct, IMapOp where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        var a = TStore.Load128(ref Unsafe.Add(ref ra, i));
        return op.Invoke(a, TOp.ReadsB ? Vector128.LoadUnsafe(ref rb, (nuint)i) : a, TOp.ReadsC ? Vector128.LoadUnsafe(ref rc, (nuint)i) : a);
    }
}

/// <summary>Whether a reduction also writes its widened input (<see cref="VectorLoop.ReduceWidening{TMode, TOp, TStore, TElem}"/>).</summary>
internal interface IKeepWidened
{
    static abstract bool Keeps { get; }
}

internal readonly struct KeepNothing : IKeepWidened
{
    public static bool Keeps => false;
}

internal readonly struct KeepWidened : IKeepWidened
{
    public static bool Keeps => true;
}
