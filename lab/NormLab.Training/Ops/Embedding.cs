using System.Numerics;

namespace NormLab.Training.Ops;

/// <summary>
/// Token + learned position embedding: x[b,t,:] = wte[token[b,t],:] + wpe[t,:] (row width w: d, or
/// d − 1 on the compressed stream). Backward scatters dx into both tables, rows in order (deterministic).
/// </summary>
public static class Embedding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Forward(Span<T> x, ReadOnlySpan<int> tokens, ReadOnlySpan<T> wte, ReadOnlySpan<T> wpe, int b, int t, int w)
    {
        for (int bi = 0; bi < b; bi++)
            for (int ti = 0; ti < t; ti++)
            {
                var row = x.Slice((bi * t + ti) * w, w);
                wte.Slice(tokens[bi * t + ti] * w, w).CopyTo(row);
                Vec<T>.AddTo(row, wpe.Slice(ti * w, w));
            }
    }

    public static void Backward(ReadOnlySpan<T> dx, ReadOnlySpan<int> tokens, Span<T> dwte, Span<T> dwpe, int b, int t, int w)
    {
        for (int bi = 0; bi < b; bi++)
            for (int ti = 0; ti < t; ti++)
            {
                var row = dx.Slice((bi * t + ti) * w, w);
                Vec<T>.AddTo(dwte.Slice(tokens[bi * t + ti] * w, w), row);
                Vec<T>.AddTo(dwpe.Slice(ti * w, w), row);
            }
    }
}
