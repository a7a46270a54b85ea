using System.Numerics;

namespace NormLab.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter): m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², θ ← θ − lr·(m̂/(√v̂ + ε) + λ·θ),
/// decoupled weight decay λ on the matrices and embeddings only (not biases or norm gains), after the
/// gradient is clipped to a global L2 norm (summed in float64, in parameter order).
/// </summary>
public sealed class AdamW<T>(int size, double beta1 = 0.9, double beta2 = 0.95, double eps = 1e-8, double weightDecay = 0.1)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] m = new T[size], v = new T[size];
    public int Step { get; private set; }

    /// <summary>Scales <paramref name="grads"/> so that its global norm is at most <paramref name="maxNorm"/>; returns the norm before.</summary>
    public static double ClipGlobalNorm(Span<T> grads, double maxNorm)
    {
        double sq = 0;
        foreach (T g in grads) { double d = double.CreateTruncating(g); sq += d * d; }
        double norm = Math.Sqrt(sq);
        if (maxNorm > 0 && norm > maxNorm)
        {
            T scale = T.CreateTruncating(maxNorm / (norm + 1e-6));
            foreach (ref T g in grads) g *= scale;
        }
        return norm;
    }

    public void Update(Span<T> parameters, ReadOnlySpan<T> grads, IReadOnlyList<ParamSpec> specs, double lr)
    {
        Step++;
        T b1 = T.CreateTruncating(beta1), b2 = T.CreateTruncating(beta2);
        T c1 = T.CreateTruncating(1 - Math.Pow(beta1, Step)), c2 = T.CreateTruncating(1 - Math.Pow(beta2, Step));
        T lrT = T.CreateTruncating(lr), e = T.CreateTruncating(eps), one = T.One;
        foreach (var s in specs)
        {
            T wd = s.Decay ? T.CreateTruncating(weightDecay) : T.Zero;
            for (int i = s.Offset; i < s.Offset + s.Length; i++)
            {
                T g = grads[i];
                m[i] = b1 * m[i] + (one - b1) * g;
                v[i] = b2 * v[i] + (one - b2) * g * g;
                T mh = m[i] / c1, vh = v[i] / c2;
                parameters[i] -= lrT * (mh / (T.Sqrt(vh) + e) + wd * parameters[i]);
            }
        }
    }
}
