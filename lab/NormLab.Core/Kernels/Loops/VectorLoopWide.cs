using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NormLab.Kernels.Loops;

internal static partial class VectorLoop
{
    /// <summary>
    /// Like <see cref="Reduce{TMode, TOp}"/>, but the op's float32 results are summed in float64
    /// (widened per vector), so only the op's own roundings remain. For sums whose error the caller
    /// amplifies: CRMSNorm backward multiplies (1/d)Σdn·n by s/r, which reaches √d, so float32
    /// accumulation of a cancelling sum (~6ε of its terms at d = 63 on 128-bit vectors) showed as
    /// 16.3 ULP in dx. Costs a widen per vector; the backward is memory-bound at large d.
    /// </summary>
    public static (double, double) ReduceWide<TMode, TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, TOp op)
        where TMode : struct, ILoopMode where TOp : struct, IReduceOp
    {
        int n = a.Length;
        RequireInputs(n, b.Length, TOp.ReadsB, c.Length, TOp.ReadsC);
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        double s1 = 0, s2 = 0;
        int i = 0;
        if (TMode.Vectorize)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
            {
                Vector512<double> a0 = default, a1 = default, b0 = default, b1 = default;
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var x = Vector512.LoadUnsafe(ref ra, (nuint)i);
                    var (u, v) = op.Invoke(x, TOp.ReadsB ? Vector512.LoadUnsafe(ref rb, (nuint)i) : x, TOp.ReadsC ? Vector512.LoadUnsafe(ref rc, (nuint)i) : x);
                    var (u0, u1) = Vector512.Widen(u);
                    var (v0, v1) = Vector512.Widen(v);
                    a0 += u0; a1 += u1; b0 += v0; b1 += v1;
                }
                s1 = Vector512.Sum(a0 + a1);
                s2 = Vector512.Sum(b0 + b1);
            }
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
            {
                Vector256<double> a0 = default, a1 = default, b0 = default, b1 = default;
                for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var x = Vector256.LoadUnsafe(ref ra, (nuint)i);
                    var (u, v) = op.Invoke(x, TOp.ReadsB ? Vector256.LoadUnsafe(ref rb, (nuint)i) : x, TOp.ReadsC ? Vector256.LoadUnsafe(ref rc, (nuint)i) : x);
                    var (u0, u1) = Vector256.Widen(u);
                    var (v0, v1) = Vector256.Widen(v);
                    a0 += u0; a1 += u1; b0 += v0; b1 += v1;
                }
                s1 = Vector256.Sum(a0 + a1);
                s2 = Vector256.Sum(b0 + b1);
            }
            else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
            {
                Vector128<double> a0 = default, a1 = default, b0 = default, b1 = default;
                for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                {
                    var x = Vector128.LoadUnsafe(ref ra, (nuint)i);
                    var (u, v) = op.Invoke(x, TOp.ReadsB ? Vector128.LoadUnsafe(ref rb, (nuint)i) : x, TOp.ReadsC ? Vector128.LoadUnsafe(ref rc, (nuint)i) : x);
                    var (u0, u1) = Vector128.Widen(u);
                    var (v0, v1) = Vector128.Widen(v);
                    a0 += u0; a1 += u1; b0 += v0; b1 += v1;
                }
                s1 = Vector128.Sum(a0 + a1);
                s2 = Vector128.Sum(b0 + b1);
            }
        }
        for (; i < n; i++)
        {
            var (u, v) = op.Invoke(Unsafe.Add(ref ra, i), TOp.ReadsB ? Unsafe.Add(ref rb, i) : 0, TOp.ReadsC ? Unsafe.Add(ref rc, i) : 0);
            s1 += u;
            s2 += v;
        }
        return (s1, s2);
    }
}
