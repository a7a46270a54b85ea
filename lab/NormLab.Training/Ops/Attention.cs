using System.Numerics;

namespace NormLab.Training.Ops;

/// <summary>
/// Causal multi-head self-attention on packed qkv (each head gathered into contiguous blocks, the products done by the GEMM) (B, T, 3C: q | k | v, head h at columns h·hs..):
/// att[b,h,t,u] = softmax_u≤t(q_t·k_u / sqrt(hs)), out[b,t,h] = Σ_u att·v_u. Backward:
/// datt = dout·v, dv += att·dout, dpre = att ⊙ (datt − Σ att·datt), dq += dpre·k/√hs, dk += dpre·q/√hs.
/// Each (b, h) pair is one independent task writing its own slices, so Parallel.For keeps the result bit-identical.
/// </summary>
public static unsafe class Attention<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>att holds B·NH·T·T (the probabilities, zero above the diagonal), output B·T·C.</summary>
    public static void Forward(Span<T> output, Span<T> att, ReadOnlySpan<T> qkv, int b, int t, int c, int nh)
    {
        fixed (T* po = output) fixed (T* pa = att) fixed (T* pq = qkv)
        {
            var (o, a, q) = (new Raw<T>(po, output.Length), new Raw<T>(pa, att.Length), new Raw<T>(pq, qkv.Length));
            Run(b * nh, (long)b * t * c * t, task => ForwardTask(o.Span, a.Span, q.Span, task / nh, task % nh, t, c, nh));
        }
    }

    public static void Backward(Span<T> dqkv, ReadOnlySpan<T> dout, ReadOnlySpan<T> qkv, ReadOnlySpan<T> att, int b, int t, int c, int nh)
    {
        fixed (T* pdq = dqkv) fixed (T* pd = dout) fixed (T* pq = qkv) fixed (T* pa = att)
        {
            var (dq, d, q, a) = (new Raw<T>(pdq, dqkv.Length), new Raw<T>(pd, dout.Length), new Raw<T>(pq, qkv.Length), new Raw<T>(pa, att.Length));
            Run(b * nh, (long)b * t * c * t, task => BackwardTask(dq.Span, d.Span, q.Span, a.Span, task / nh, task % nh, t, c, nh));
        }
    }

    /// <summary>Per-task scratch: Q, K, V (and their gradients) of one head as contiguous T × hs blocks, and T × T work.</summary>
    private sealed class Work(int t, int hs)
    {
        public readonly T[] Q = new T[t * hs], K = new T[t * hs], V = new T[t * hs], KT = new T[hs * t], VT = new T[hs * t];
        public readonly T[] S = new T[t * t], ST = new T[t * t], D = new T[t * hs], O = new T[t * hs], DT = new T[t * hs];
    }

    [ThreadStatic] private static Work? work;

    private static Work Scratch(int t, int hs)
    {
        if (work is not { } w || w.Q.Length != t * hs || w.S.Length != t * t) work = w = new Work(t, hs);
        return w;
    }

    /// <summary>Copies head h of q, k, v at batch bi into contiguous T × hs blocks.</summary>
    private static void Gather(ReadOnlySpan<T> qkv, int bi, int h, int t, int c, int hs, Work w)
    {
        int c3 = 3 * c;
        for (int ti = 0; ti < t; ti++)
        {
            var row = qkv.Slice((bi * t + ti) * c3 + h * hs);
            row[..hs].CopyTo(w.Q.AsSpan(ti * hs, hs));
            row.Slice(c, hs).CopyTo(w.K.AsSpan(ti * hs, hs));
            row.Slice(2 * c, hs).CopyTo(w.V.AsSpan(ti * hs, hs));
        }
    }

    /// <summary>S = Q·Kᵀ/√hs (GEMM), causal softmax row by row, O = P·V (GEMM).</summary>
    private static void ForwardTask(Span<T> output, Span<T> att, ReadOnlySpan<T> qkv, int bi, int h, int t, int c, int nh)
    {
        int hs = c / nh;
        T scale = T.One / T.Sqrt(T.CreateTruncating(hs));
        var w = Scratch(t, hs);
        Gather(qkv, bi, h, t, c, hs, w);
        Gemm<T>.Transpose(w.K, w.KT, t, hs);
        var p = att.Slice((bi * nh + h) * t * t, t * t);
        Gemm<T>.Multiply(w.Q, w.KT, p, t, hs, t, accumulate: false);
        for (int ti = 0; ti < t; ti++)
        {
            var row = p.Slice(ti * t, t);
            T max = T.NegativeInfinity;
            for (int u = 0; u <= ti; u++)
            {
                row[u] *= scale;
                if (row[u] > max) max = row[u];
            }
            T sum = T.Zero;
            for (int u = 0; u <= ti; u++) { row[u] = T.Exp(row[u] - max); sum += row[u]; }
            T inv = T.One / sum;
            for (int u = 0; u <= ti; u++) row[u] *= inv;
            row[(ti + 1)..].Clear();
        }
        Gemm<T>.Multiply(p, w.V, w.O, t, t, hs, accumulate: false);
        for (int ti = 0; ti < t; ti++) w.O.AsSpan(ti * hs, hs).CopyTo(output.Slice((bi * t + ti) * c + h * hs, hs));
    }

    /// <summary>dP = dO·Vᵀ, dS = P ⊙ (dP − Σ P⊙dP)/√hs, dQ = dS·K, dK = dSᵀ·Q, dV = Pᵀ·dO (all GEMMs).</summary>
    private static void BackwardTask(Span<T> dqkv, ReadOnlySpan<T> dout, ReadOnlySpan<T> qkv, ReadOnlySpan<T> att, int bi, int h, int t, int c, int nh)
    {
        int hs = c / nh, c3 = 3 * c;
        T scale = T.One / T.Sqrt(T.CreateTruncating(hs));
        var w = Scratch(t, hs);
        Gather(qkv, bi, h, t, c, hs, w);
        for (int ti = 0; ti < t; ti++) dout.Slice((bi * t + ti) * c + h * hs, hs).CopyTo(w.D.AsSpan(ti * hs, hs));
        var p = att.Slice((bi * nh + h) * t * t, t * t);
        // dV = Pᵀ·dO
        Gemm<T>.Transpose(p, w.ST, t, t);
        Gemm<T>.Multiply(w.ST, w.D, w.O, t, t, hs, accumulate: false);
        Scatter(dqkv, w.O, bi, t, c3, 2 * c + h * hs, hs);
        // dP = dO·Vᵀ, then dS in place
        Gemm<T>.Transpose(w.V, w.VT, t, hs);
        Gemm<T>.Multiply(w.D, w.VT, w.S, t, hs, t, accumulate: false);
        for (int ti = 0; ti < t; ti++)
        {
            var pr = p.Slice(ti * t, t);
            var ds = w.S.AsSpan(ti * t, t);
            T dot = T.Zero;
            for (int u = 0; u <= ti; u++) dot += pr[u] * ds[u];
            for (int u = 0; u <= ti; u++) ds[u] = pr[u] * (ds[u] - dot) * scale;
            ds[(ti + 1)..].Clear();
        }
        // dQ = dS·K
        Gemm<T>.Multiply(w.S, w.K, w.O, t, t, hs, accumulate: false);
        Scatter(dqkv, w.O, bi, t, c3, h * hs, hs);
        // dK = dSᵀ·Q
        Gemm<T>.Transpose(w.S, w.ST, t, t);
        Gemm<T>.Multiply(w.ST, w.Q, w.O, t, t, hs, accumulate: false);
        Scatter(dqkv, w.O, bi, t, c3, c + h * hs, hs);
    }

    private static void Scatter(Span<T> dqkv, ReadOnlySpan<T> block, int bi, int t, int c3, int column, int hs)
    {
        for (int ti = 0; ti < t; ti++) block.Slice(ti * hs, hs).CopyTo(dqkv.Slice((bi * t + ti) * c3 + column, hs));
    }

    private static void Run(int tasks, long work, Action<int> body)
    {
        if (work < (1 << 18) || Environment.ProcessorCount < 2) { for (int i = 0; i < tasks; i++) body(i); }
        else Parallel.For(0, tasks, body);
    }
}
