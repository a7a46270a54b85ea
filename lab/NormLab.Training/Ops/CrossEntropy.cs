using System.Numerics;
using System.Numerics.Tensors;

namespace NormLab.Training.Ops;

/// <summary>
/// Softmax cross-entropy over the vocabulary, mean over the N rows: loss = −(1/N)Σ log p[target];
/// dlogits = (p − onehot(target))/N (written over the logits' gradient buffer). The mean is summed in
/// float64 in row order.
/// </summary>
public static class CrossEntropy<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Writes the probabilities into <paramref name="probs"/> and returns the mean loss in nats.</summary>
    public static double Forward(Span<T> probs, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, int n, int v)
    {
        double total = 0;
        for (int r = 0; r < n; r++)
        {
            var l = logits.Slice(r * v, v);
            var p = probs.Slice(r * v, v);
            T max = TensorPrimitives.Max(l);
            TensorPrimitives.Subtract(l, max, p);
            TensorPrimitives.Exp(p, p);
            T sum = TensorPrimitives.Sum(p);
            TensorPrimitives.Multiply(p, T.One / sum, p);
            // log p = l − max − log sum, in the type's precision
            total -= double.CreateTruncating(l[targets[r]] - max - T.Log(sum));
        }
        return total / n;
    }

    public static void Backward(Span<T> dlogits, ReadOnlySpan<T> probs, ReadOnlySpan<int> targets, int n, int v)
    {
        T inv = T.One / T.CreateTruncating(n);
        for (int r = 0; r < n; r++)
        {
            var p = probs.Slice(r * v, v);
            var d = dlogits.Slice(r * v, v);
            for (int i = 0; i < v; i++) d[i] = p[i] * inv;
            d[targets[r]] -= inv;
        }
    }
}
