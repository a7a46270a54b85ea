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
public static class VectorLoop
{
    /// <summary>
    /// (Σ op(a,b,c).Item1, Σ op(a,b,c).Item2) over the row. Blocked summation: each block of
    /// <see cref="VectorBlock"/> (SIMD: 64 adds per lane) or <see cref="ScalarBlock"/> elements is summed
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

    /// <summary>One block in float32; vector lanes keep separate partial sums.</summary>
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
            {
                Vector512<float> acc1 = Vector512<float>.Zero, acc2 = Vector512<float>.Zero;
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var (u, v) = op.Invoke(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i),
                        Vector512.LoadUnsafe(ref rc, (nuint)i));
                    acc1 += u;
                    acc2 += v;
                }
                s1 = Vector512.Sum(acc1);
                s2 = Vector512.Sum(acc2);
            }
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
            {
                Vector256<float> acc1 = Vector256<float>.Zero, acc2 = Vector256<float>.Zero;
                for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var (u, v) = op.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i),
                        Vector256.LoadUnsafe(ref rc, (nuint)i));
                    acc1 += u;
                    acc2 += v;
                }
                s1 = Vector256.Sum(acc1);
                s2 = Vector256.Sum(acc2);
            }
            else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
            {
                Vector128<float> acc1 = Vector128<float>.Zero, acc2 = Vector128<float>.Zero;
                for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                {
                    var (u, v) = op.Invoke(Vector128.LoadUnsafe(ref ra, (nuint)i), Vector128.LoadUnsafe(ref rb, (nuint)i),
                        Vector128.LoadUnsafe(ref rc, (nuint)i));
                    acc1 += u;
                    acc2 += v;
                }
                s1 = Vector128.Sum(acc1);
                s2 = Vector128.Sum(acc2);
            }
        }
        for (; i < n; i++)
        {
            var (u, v) = op.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), Unsafe.Add(ref rc, i));
            s1 += u;
            s2 += v;
        }
        return (s1, s2);
    }

    /// <summary>y[i] = op(a[i], b[i], c[i]). y may be the same memory as a (in-place updates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Map<TMode, TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> y, TOp op)
        where TMode : struct, ILoopMode where TOp : struct, IMapOp
    {
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
