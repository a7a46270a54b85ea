using System.Numerics;

namespace NormLab.Training.Ops;

/// <summary>
/// Causal multi-head self-attention on packed qkv (B, T, 3C: q | k | v, head h at columns h·hs..):
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
        dqkv[..(b * t * 3 * c)].Clear();
        fixed (T* pdq = dqkv) fixed (T* pd = dout) fixed (T* pq = qkv) fixed (T* pa = att)
        {
            var (dq, d, q, a) = (new Raw<T>(pdq, dqkv.Length), new Raw<T>(pd, dout.Length), new Raw<T>(pq, qkv.Length), new Raw<T>(pa, att.Length));
            Run(b * nh, (long)b * t * c * t, task => BackwardTask(dq.Span, d.Span, q.Span, a.Span, task / nh, task % nh, t, c, nh));
        }
    }

    private static void ForwardTask(Span<T> output, Span<T> att, ReadOnlySpan<T> qkv, int bi, int h, int t, int c, int nh)
    {
        int hs = c / nh, c3 = 3 * c;
        T scale = T.One / T.Sqrt(T.CreateTruncating(hs));
        for (int ti = 0; ti < t; ti++)
        {
            var q = qkv.Slice((bi * t + ti) * c3 + h * hs, hs);
            var row = att.Slice(((bi * nh + h) * t + ti) * t, t);
            T max = T.NegativeInfinity;
            for (int u = 0; u <= ti; u++)
            {
                T s = Vec<T>.Dot(q, qkv.Slice((bi * t + u) * c3 + c + h * hs, hs)) * scale;
                row[u] = s;
                if (s > max) max = s;
            }
            T sum = T.Zero;
            for (int u = 0; u <= ti; u++) { row[u] = T.Exp(row[u] - max); sum += row[u]; }
            T inv = T.One / sum;
            for (int u = 0; u <= ti; u++) row[u] *= inv;
            row[(ti + 1)..].Clear();
            var o = output.Slice((bi * t + ti) * c + h * hs, hs);
            o.Clear();
            for (int u = 0; u <= ti; u++) Vec<T>.Axpy(o, row[u], qkv.Slice((bi * t + u) * c3 + 2 * c + h * hs, hs));
        }
    }

    private static void BackwardTask(Span<T> dqkv, ReadOnlySpan<T> dout, ReadOnlySpan<T> qkv, ReadOnlySpan<T> att, int bi, int h, int t, int c, int nh)
    {
        int hs = c / nh, c3 = 3 * c;
        T scale = T.One / T.Sqrt(T.CreateTruncating(hs));
        Span<T> datt = t <= 1024 ? stackalloc T[t] : new T[t];
        for (int ti = 0; ti < t; ti++)
        {
            var row = att.Slice(((bi * nh + h) * t + ti) * t, t);
            var dout_t = dout.Slice((bi * t + ti) * c + h * hs, hs);
            T dot = T.Zero;
            for (int u = 0; u <= ti; u++)
            {
                datt[u] = Vec<T>.Dot(dout_t, qkv.Slice((bi * t + u) * c3 + 2 * c + h * hs, hs));
                Vec<T>.Axpy(dqkv.Slice((bi * t + u) * c3 + 2 * c + h * hs, hs), row[u], dout_t);
                dot += row[u] * datt[u];
            }
            var q = qkv.Slice((bi * t + ti) * c3 + h * hs, hs);
            var dq = dqkv.Slice((bi * t + ti) * c3 + h * hs, hs);
            for (int u = 0; u <= ti; u++)
            {
                T dpre = row[u] * (datt[u] - dot) * scale;
                Vec<T>.Axpy(dq, dpre, qkv.Slice((bi * t + u) * c3 + c + h * hs, hs));
                Vec<T>.Axpy(dqkv.Slice((bi * t + u) * c3 + c + h * hs, hs), dpre, q);
            }
        }
    }

    private static void Run(int tasks, long work, Action<int> body)
    {
        if (work < (1 << 18) || Environment.ProcessorCount < 2) { for (int i = 0; i < tasks; i++) body(i); }
        else Parallel.For(0, tasks, body);
    }
}
