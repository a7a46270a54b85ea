using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormLab.Training.Ops;

/// <summary>
/// The linear layer: out[N×OC] = inp[N×K]·W[K×OC] + b, weights row-major K × OC. Forward and backward
/// are both one GEMM kernel (<see cref="Gemm{T}"/>) after a transpose: dinp = dout·Wᵀ, dW += inpᵀ·dout,
/// db += column sums of dout. Every output element is summed by one thread in a fixed order, so the
/// result does not depend on scheduling.
/// </summary>
public static class Matmul<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Forward(Span<T> output, ReadOnlySpan<T> input, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, int n, int k, int oc)
    {
        if (bias.IsEmpty) output[..(n * oc)].Clear();
        else
            for (int r = 0; r < n; r++) bias[..oc].CopyTo(output.Slice(r * oc, oc));
        Gemm<T>.Multiply(input, weight, output, n, k, oc, accumulate: true);
    }

    /// <summary>dinp is overwritten; dweight and dbias (empty to skip) accumulate.</summary>
    public static void Backward(ReadOnlySpan<T> dout, ReadOnlySpan<T> input, ReadOnlySpan<T> weight, Span<T> dinput, Span<T> dweight,
        Span<T> dbias, int n, int k, int oc)
    {
        var wt = Scratch.Get(0, k * oc);
        Gemm<T>.Transpose(weight, wt, k, oc);
        Gemm<T>.Multiply(dout, wt, dinput, n, oc, k, accumulate: false);
        var it = Scratch.Get(1, n * k);
        Gemm<T>.Transpose(input, it, n, k);
        Gemm<T>.Multiply(it, dout, dweight, k, n, oc, accumulate: true);
        if (!dbias.IsEmpty)
            for (int r = 0; r < n; r++) Vec<T>.AddTo(dbias[..oc], dout.Slice(r * oc, oc));
    }

    /// <summary>Per-thread scratch buffers for the transposes (reused from step to step).</summary>
    private static class Scratch
    {
        [ThreadStatic] private static T[][]? buffers;

        public static Span<T> Get(int slot, int length)
        {
            buffers ??= new T[2][];
            if (buffers[slot] is not { } b || b.Length < length) buffers[slot] = b = new T[length];
            return b.AsSpan(0, length);
        }
    }
}

/// <summary>
/// C[M×N] (+)= A[M×K]·B[K×N], all row-major. A 4-row × 4-vector register-blocked micro-kernel
/// (16 accumulators of Vector512, fused multiply-add) over K panels of <see cref="KBlock"/>, B read
/// panel by panel while it is in cache; row blocks go to Parallel.For only when the product is large
/// (<see cref="ParallelFlops"/>). Without AVX-512 a one-row Vector&lt;T&gt; kernel does the work.
/// </summary>
public static unsafe class Gemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public const int KBlock = 256;
    /// <summary>Below 2·M·N·K = 2^21 flops the product runs on the calling thread.</summary>
    public const long ParallelFlops = 1L << 21;

    /// <summary>Serial only, for measuring one core (false in normal use).</summary>
    public static bool ForceSerial { get; set; }

    public static void Multiply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, bool accumulate)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n) throw new ArgumentException("GEMM operand too short");
        if (m == 0 || n == 0) return;
        if (k == 0) { if (!accumulate) c[..(m * n)].Clear(); return; }
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
        {
            long flops = 2L * m * n * k;
            int workers = Environment.ProcessorCount;
            if (ForceSerial || flops < ParallelFlops || workers < 2 || m < 8)
            {
                Rows(pa, pb, pc, 0, m, k, n, accumulate);
                return;
            }
            int chunks = Math.Min(workers, m / 4);
            int per = (m / chunks + 3) / 4 * 4;
            nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc;
            Parallel.For(0, chunks, t =>
            {
                int m0 = t * per, m1 = Math.Min(m, m0 + per);
                if (m0 < m1) Rows((T*)ia, (T*)ib, (T*)ic, m0, m1, k, n, accumulate);
            });
        }
    }

    public static void Transpose(ReadOnlySpan<T> src, Span<T> dst, int rows, int cols)
    {
        const int tile = 32;
        for (int r0 = 0; r0 < rows; r0 += tile)
            for (int c0 = 0; c0 < cols; c0 += tile)
            {
                int r1 = Math.Min(rows, r0 + tile), c1 = Math.Min(cols, c0 + tile);
                for (int r = r0; r < r1; r++)
                    for (int col = c0; col < c1; col++) dst[col * rows + r] = src[r * cols + col];
            }
    }

    private static void Rows(T* a, T* b, T* c, int m0, int m1, int k, int n, bool accumulate)
    {
        for (int k0 = 0; k0 < k; k0 += KBlock)
        {
            int k1 = Math.Min(k, k0 + KBlock);
            bool load = accumulate || k0 > 0;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                int w = Vector512<T>.Count;
                for (; j + 4 * w <= n; j += 4 * w)
                {
                    int i = m0;
                    for (; i + 4 <= m1; i += 4) Kernel4x4(a, b, c, i, j, k, n, k0, k1, load);
                    for (; i < m1; i++) Kernel1x4(a, b, c, i, j, k, n, k0, k1, load);
                }
                for (; j + w <= n; j += w)
                {
                    int i = m0;
                    for (; i + 4 <= m1; i += 4) Kernel4x1(a, b, c, i, j, k, n, k0, k1, load);
                    for (; i < m1; i++) Kernel1x1(a, b, c, i, j, k, n, k0, k1, load);
                }
                if (j < n)
                {
                    Tail(a, b, c, m0, m1, j, k, n, k0, k1, load);
                    j = n;
                }
            }
            else if (Vector.IsHardwareAccelerated)
            {
                int w = Vector<T>.Count;
                for (; j + w <= n; j += w)
                    for (int i = m0; i < m1; i++)
                    {
                        T* cp = c + (long)i * n + j;
                        var acc = load ? Vector.Load(cp) : Vector<T>.Zero;
                        for (int p = k0; p < k1; p++) acc += new Vector<T>(a[(long)i * k + p]) * Vector.Load(b + (long)p * n + j);
                        acc.Store(cp);
                    }
            }
            for (; j < n; j++)
                for (int i = m0; i < m1; i++)
                {
                    T s = load ? c[(long)i * n + j] : T.Zero;
                    for (int p = k0; p < k1; p++) s = T.FusedMultiplyAdd(a[(long)i * k + p], b[(long)p * n + j], s);
                    c[(long)i * n + j] = s;
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        return x * y + acc;
    }

    private static void Kernel4x4(T* a, T* b, T* c, int i, int j, int k, int n, int k0, int k1, bool load)
    {
        int w = Vector512<T>.Count;
        T* c0 = c + (long)i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        Vector512<T> z = Vector512<T>.Zero;
        Vector512<T> s00 = load ? Vector512.Load(c0) : z, s01 = load ? Vector512.Load(c0 + w) : z,
            s02 = load ? Vector512.Load(c0 + 2 * w) : z, s03 = load ? Vector512.Load(c0 + 3 * w) : z;
        Vector512<T> s10 = load ? Vector512.Load(c1) : z, s11 = load ? Vector512.Load(c1 + w) : z,
            s12 = load ? Vector512.Load(c1 + 2 * w) : z, s13 = load ? Vector512.Load(c1 + 3 * w) : z;
        Vector512<T> s20 = load ? Vector512.Load(c2) : z, s21 = load ? Vector512.Load(c2 + w) : z,
            s22 = load ? Vector512.Load(c2 + 2 * w) : z, s23 = load ? Vector512.Load(c2 + 3 * w) : z;
        Vector512<T> s30 = load ? Vector512.Load(c3) : z, s31 = load ? Vector512.Load(c3 + w) : z,
            s32 = load ? Vector512.Load(c3 + 2 * w) : z, s33 = load ? Vector512.Load(c3 + 3 * w) : z;
        T* a0 = a + (long)i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        for (int p = k0; p < k1; p++)
        {
            T* bp = b + (long)p * n + j;
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + w);
            var b2 = Vector512.Load(bp + 2 * w);
            var b3 = Vector512.Load(bp + 3 * w);
            var x = Vector512.Create(a0[p]);
            s00 = Fma(x, b0, s00); s01 = Fma(x, b1, s01); s02 = Fma(x, b2, s02); s03 = Fma(x, b3, s03);
            x = Vector512.Create(a1[p]);
            s10 = Fma(x, b0, s10); s11 = Fma(x, b1, s11); s12 = Fma(x, b2, s12); s13 = Fma(x, b3, s13);
            x = Vector512.Create(a2[p]);
            s20 = Fma(x, b0, s20); s21 = Fma(x, b1, s21); s22 = Fma(x, b2, s22); s23 = Fma(x, b3, s23);
            x = Vector512.Create(a3[p]);
            s30 = Fma(x, b0, s30); s31 = Fma(x, b1, s31); s32 = Fma(x, b2, s32); s33 = Fma(x, b3, s33);
        }
        s00.Store(c0); s01.Store(c0 + w); s02.Store(c0 + 2 * w); s03.Store(c0 + 3 * w);
        s10.Store(c1); s11.Store(c1 + w); s12.Store(c1 + 2 * w); s13.Store(c1 + 3 * w);
        s20.Store(c2); s21.Store(c2 + w); s22.Store(c2 + 2 * w); s23.Store(c2 + 3 * w);
        s30.Store(c3); s31.Store(c3 + w); s32.Store(c3 + 2 * w); s33.Store(c3 + 3 * w);
    }

    private static void Kernel1x4(T* a, T* b, T* c, int i, int j, int k, int n, int k0, int k1, bool load)
    {
        int w = Vector512<T>.Count;
        T* c0 = c + (long)i * n + j;
        Vector512<T> z = Vector512<T>.Zero;
        Vector512<T> s0 = load ? Vector512.Load(c0) : z, s1 = load ? Vector512.Load(c0 + w) : z,
            s2 = load ? Vector512.Load(c0 + 2 * w) : z, s3 = load ? Vector512.Load(c0 + 3 * w) : z;
        T* a0 = a + (long)i * k;
        for (int p = k0; p < k1; p++)
        {
            T* bp = b + (long)p * n + j;
            var x = Vector512.Create(a0[p]);
            s0 = Fma(x, Vector512.Load(bp), s0);
            s1 = Fma(x, Vector512.Load(bp + w), s1);
            s2 = Fma(x, Vector512.Load(bp + 2 * w), s2);
            s3 = Fma(x, Vector512.Load(bp + 3 * w), s3);
        }
        s0.Store(c0); s1.Store(c0 + w); s2.Store(c0 + 2 * w); s3.Store(c0 + 3 * w);
    }

    [ThreadStatic] private static T[]? tailPanel;

    /// <summary>The last n − j &lt; W columns: B's columns copied into a zero-padded panel, C's through a padded row, so the vector kernel still does the work.</summary>
    private static void Tail(T* a, T* b, T* c, int m0, int m1, int j, int k, int n, int k0, int k1, bool load)
    {
        int w = Vector512<T>.Count, cols = n - j, depth = k1 - k0;
        if (tailPanel is not { } panel || panel.Length < depth * w) tailPanel = panel = new T[Math.Max(depth, KBlock) * w];
        fixed (T* bt = panel)
        {
            for (int p = 0; p < depth; p++)
            {
                T* src = b + (long)(k0 + p) * n + j;
                T* dst = bt + (long)p * w;
                for (int q = 0; q < w; q++) dst[q] = q < cols ? src[q] : T.Zero;
            }
            T* row = stackalloc T[w];
            for (int i = m0; i < m1; i++)
            {
                T* cp = c + (long)i * n + j;
                for (int q = 0; q < w; q++) row[q] = load && q < cols ? cp[q] : T.Zero;
                var s = Vector512.Load(row);
                T* a0 = a + (long)i * k;
                for (int p = k0; p < k1; p++) s = Fma(Vector512.Create(a0[p]), Vector512.Load(bt + (long)(p - k0) * w), s);
                s.Store(row);
                for (int q = 0; q < cols; q++) cp[q] = row[q];
            }
        }
    }

    private static void Kernel4x1(T* a, T* b, T* c, int i, int j, int k, int n, int k0, int k1, bool load)
    {
        T* c0 = c + (long)i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        Vector512<T> z = Vector512<T>.Zero;
        Vector512<T> s0 = load ? Vector512.Load(c0) : z, s1 = load ? Vector512.Load(c1) : z,
            s2 = load ? Vector512.Load(c2) : z, s3 = load ? Vector512.Load(c3) : z;
        T* a0 = a + (long)i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        for (int p = k0; p < k1; p++)
        {
            var bv = Vector512.Load(b + (long)p * n + j);
            s0 = Fma(Vector512.Create(a0[p]), bv, s0);
            s1 = Fma(Vector512.Create(a1[p]), bv, s1);
            s2 = Fma(Vector512.Create(a2[p]), bv, s2);
            s3 = Fma(Vector512.Create(a3[p]), bv, s3);
        }
        s0.Store(c0); s1.Store(c1); s2.Store(c2); s3.Store(c3);
    }

    private static void Kernel1x1(T* a, T* b, T* c, int i, int j, int k, int n, int k0, int k1, bool load)
    {
        T* c0 = c + (long)i * n + j;
        var s = load ? Vector512.Load(c0) : Vector512<T>.Zero;
        T* a0 = a + (long)i * k;
        for (int p = k0; p < k1; p++) s = Fma(Vector512.Create(a0[p]), Vector512.Load(b + (long)p * n + j), s);
        s.Store(c0);
    }
}

/// <summary>Small vector helpers with a fixed summation order.</summary>
public static class Vec<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>dst += src, element-wise.</summary>
    public static void AddTo(Span<T> dst, ReadOnlySpan<T> src)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<T>.Count; i + w <= dst.Length; i += w)
                (new Vector<T>(dst[i..]) + new Vector<T>(src[i..])).CopyTo(dst[i..]);
        for (; i < dst.Length; i++) dst[i] += src[i];
    }

    /// <summary>Σ a_i·b_i, accumulated in lanes then the lanes in order: deterministic.</summary>
    public static T Dot(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        int i = 0;
        T s = T.Zero;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<T>.Count)
        {
            var acc = Vector<T>.Zero;
            for (int w = Vector<T>.Count; i + w <= a.Length; i += w) acc += new Vector<T>(a[i..]) * new Vector<T>(b[i..]);
            s = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>dst += alpha·src.</summary>
    public static void Axpy(Span<T> dst, T alpha, ReadOnlySpan<T> src)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<T>(alpha);
            for (int w = Vector<T>.Count; i + w <= dst.Length; i += w)
                (new Vector<T>(dst[i..]) + va * new Vector<T>(src[i..])).CopyTo(dst[i..]);
        }
        for (; i < dst.Length; i++) dst[i] += alpha * src[i];
    }
}
