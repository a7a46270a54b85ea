using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NormLab.Kernels.Loops;

/// <summary>
/// The one loop driver every kernel uses: the widest accelerated vector width first, then a scalar
/// tail (or only the scalar loop in <see cref="ScalarMode"/>). Ops say what to compute per element;
/// this says how to walk the row. Inputs an op ignores must still be as long as the first input
/// (pass the first input again): the driver loads all three.
/// </summary>
public static partial class VectorLoop
{
    /// <summary>
    /// (Σ op(a,b,c).Item1, Σ op(a,b,c).Item2) over the row. Blocked summation: each block of
    /// <see cref="VectorBlock"/> (SIMD: ≤ 64 adds per partial sum on every width, see <see cref="Chains"/>) or <see cref="ScalarBlock"/> elements is summed
    /// in float32, block sums in float64. Rounding error then grows with the block, not with d
    /// (worst case ~70ε instead of d/16·ε at d = 12288), so the bounds can be d-independent and tight.
    /// </summary>
    public static (double, double) Reduce<TMode, TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, TOp op)
        where TMode : struct, ILoopMode where TOp : struct, IReduceOp
    {
        int block = TMode.Vectorize ? VectorBlock : ScalarBlock;
        double t1 = 0, t2 = 0;
        for (int start = 0; start < a.Length; start += block)
        {
            int len = Math.Min(block, a.Length - start);
            var (s1, s2) = ReduceBlock<TMode, TOp>(a.Slice(start, len), b.Slice(start, len), c.Slice(start, len), op);
            t1 += s1;
            t2 += s2;
        }
        return (t1, t2);
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
    private static (float, float) ReduceBlock<TMode, TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, TOp op)
        where TMode : struct, ILoopMode where TOp : struct, IReduceOp
    {
        int n = a.Length;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        float s1 = 0, s2 = 0;
        int i = 0;
        if (TMode.Vectorize)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
                (s1, s2) = Reduce512(ref ra, ref rb, ref rc, n, ref i, op);
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
                (s1, s2) = Reduce256(ref ra, ref rb, ref rc, n, ref i, op);
            else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
                (s1, s2) = Reduce128(ref ra, ref rb, ref rc, n, ref i, op);
        }
        for (; i < n; i++)
        {
            var (u, v) = op.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), Unsafe.Add(ref rc, i));
            s1 += u;
            s2 += v;
        }
        return (s1, s2);
    }

    /// <summary>Four accumulator chains per sum (independent adds hide the add latency; see <see cref="Chains"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float) Reduce512<TOp>(ref float ra, ref float rb, ref float rc, int n, ref int i, TOp op) where TOp : struct, IReduceOp
    {
        int c = Vector512<float>.Count;
        Vector512<float> x0 = default, x1 = default, x2 = default, x3 = default, y0 = default, y1 = default, y2 = default, y3 = default;
        for (; i <= n - Chains * c; i += Chains * c)
        {
            var (u0, v0) = op.Invoke(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i), Vector512.LoadUnsafe(ref rc, (nuint)i));
            var (u1, v1) = op.Invoke(Vector512.LoadUnsafe(ref ra, (nuint)(i + c)), Vector512.LoadUnsafe(ref rb, (nuint)(i + c)), Vector512.LoadUnsafe(ref rc, (nuint)(i + c)));
            var (u2, v2) = op.Invoke(Vector512.LoadUnsafe(ref ra, (nuint)(i + 2 * c)), Vector512.LoadUnsafe(ref rb, (nuint)(i + 2 * c)), Vector512.LoadUnsafe(ref rc, (nuint)(i + 2 * c)));
            var (u3, v3) = op.Invoke(Vector512.LoadUnsafe(ref ra, (nuint)(i + 3 * c)), Vector512.LoadUnsafe(ref rb, (nuint)(i + 3 * c)), Vector512.LoadUnsafe(ref rc, (nuint)(i + 3 * c)));
            x0 += u0; x1 += u1; x2 += u2; x3 += u3;
            y0 += v0; y1 += v1; y2 += v2; y3 += v3;
        }
        for (; i <= n - c; i += c)
        {
            var (u, v) = op.Invoke(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i), Vector512.LoadUnsafe(ref rc, (nuint)i));
            x0 += u;
            y0 += v;
        }
        return (Vector512.Sum((x0 + x1) + (x2 + x3)), Vector512.Sum((y0 + y1) + (y2 + y3)));
    }

    /// <summary>Four accumulator chains per sum (independent adds hide the add latency; see <see cref="Chains"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float) Reduce256<TOp>(ref float ra, ref float rb, ref float rc, int n, ref int i, TOp op) where TOp : struct, IReduceOp
    {
        int c = Vector256<float>.Count;
        Vector256<float> x0 = default, x1 = default, x2 = default, x3 = default, y0 = default, y1 = default, y2 = default, y3 = default;
        for (; i <= n - Chains * c; i += Chains * c)
        {
            var (u0, v0) = op.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), Vector256.LoadUnsafe(ref rc, (nuint)i));
            var (u1, v1) = op.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)(i + c)), Vector256.LoadUnsafe(ref rb, (nuint)(i + c)), Vector256.LoadUnsafe(ref rc, (nuint)(i + c)));
            var (u2, v2) = op.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)(i + 2 * c)), Vector256.LoadUnsafe(ref rb, (nuint)(i + 2 * c)), Vector256.LoadUnsafe(ref rc, (nuint)(i + 2 * c)));
            var (u3, v3) = op.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)(i + 3 * c)), Vector256.LoadUnsafe(ref rb, (nuint)(i + 3 * c)), Vector256.LoadUnsafe(ref rc, (nuint)(i + 3 * c)));
            x0 += u0; x1 += u1; x2 += u2; x3 += u3;
            y0 += v0; y1 += v1; y2 += v2; y3 += v3;
        }
        for (; i <= n - c; i += c)
        {
            var (u, v) = op.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), Vector256.LoadUnsafe(ref rc, (nuint)i));
            x0 += u;
            y0 += v;
        }
        return (Vector256.Sum((x0 + x1) + (x2 + x3)), Vector256.Sum((y0 + y1) + (y2 + y3)));
    }

    /// <summary>Four accumulator chains per sum (independent adds hide the add latency; see <see cref="Chains"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float) Reduce128<TOp>(ref float ra, ref float rb, ref float rc, int n, ref int i, TOp op) where TOp : struct, IReduceOp
    {
        int c = Vector128<float>.Count;
        Vector128<float> x0 = default, x1 = default, x2 = default, x3 = default, y0 = default, y1 = default, y2 = default, y3 = default;
        for (; i <= n - Chains * c; i += Chains * c)
        {
            var (u0, v0) = op.Invoke(Vector128.LoadUnsafe(ref ra, (nuint)i), Vector128.LoadUnsafe(ref rb, (nuint)i), Vector128.LoadUnsafe(ref rc, (nuint)i));
            var (u1, v1) = op.Invoke(Vector128.LoadUnsafe(ref ra, (nuint)(i + c)), Vector128.LoadUnsafe(ref rb, (nuint)(i + c)), Vector128.LoadUnsafe(ref rc, (nuint)(i + c)));
            var (u2, v2) = op.Invoke(Vector128.LoadUnsafe(ref ra, (nuint)(i + 2 * c)), Vector128.LoadUnsafe(ref rb, (nuint)(i + 2 * c)), Vector128.LoadUnsafe(ref rc, (nuint)(i + 2 * c)));
            var (u3, v3) = op.Invoke(Vector128.LoadUnsafe(ref ra, (nuint)(i + 3 * c)), Vector128.LoadUnsafe(ref rb, (nuint)(i + 3 * c)), Vector128.LoadUnsafe(ref rc, (nuint)(i + 3 * c)));
            x0 += u0; x1 += u1; x2 += u2; x3 += u3;
            y0 += v0; y1 += v1; y2 += v2; y3 += v3;
        }
        for (; i <= n - c; i += c)
        {
            var (u, v) = op.Invoke(Vector128.LoadUnsafe(ref ra, (nuint)i), Vector128.LoadUnsafe(ref rb, (nuint)i), Vector128.LoadUnsafe(ref rc, (nuint)i));
            x0 += u;
            y0 += v;
        }
        return (Vector128.Sum((x0 + x1) + (x2 + x3)), Vector128.Sum((y0 + y1) + (y2 + y3)));
    }

    /// <summary>
    /// y[i] = op(a[i], b[i], c[i]). y may be the same memory as a (in-place updates). <paramref name="nonTemporal"/>:
    /// stream y past the cache (SIMD mode; see <see cref="MapNonTemporal{TOp}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Map<TMode, TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> y, TOp op,
        bool nonTemporal = false)
        where TMode : struct, ILoopMode where TOp : struct, IMapOp
    {
        if (TMode.Vectorize && nonTemporal) { MapNonTemporal(a, b, c, y, op); return; }
        int n = a.Length;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (TMode.Vectorize)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
            {
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                    op.Invoke(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i),
                        Vector512.LoadUnsafe(ref rc, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
            {
                for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                    op.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i),
                        Vector256.LoadUnsafe(ref rc, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
            else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
            {
                for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                    op.Invoke(Vector128.LoadUnsafe(ref ra, (nuint)i), Vector128.LoadUnsafe(ref rb, (nuint)i),
                        Vector128.LoadUnsafe(ref rc, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref ry, i) = op.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), Unsafe.Add(ref rc, i));
    }
}
