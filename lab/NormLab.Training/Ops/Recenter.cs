using System.Numerics;

namespace NormLab.Training.Ops;

/// <summary>
/// The recentering projection P = I − 11ᵀ/d on what writes the residual stream (SPEC "Training"):
/// each row of a writer (embedding table, W_o, b_o, the MLP's W_2, b_2; rows × d, output along the row)
/// becomes W·P (its mean over the output dimension subtracted). With <c>compress</c> the last column
/// is then dropped (the Pre-CRMSNorm stream in R^(d−1)). Backward: dW += pad(dW_eff)·P (P is symmetric).
/// </summary>
public static class Recenter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Forward(ReadOnlySpan<T> w, int rows, int d, bool compress, Span<T> eff)
    {
        int r = compress ? d - 1 : d;
        T invD = T.One / T.CreateTruncating(d);
        for (int i = 0; i < rows; i++)
        {
            var src = w.Slice(i * d, d);
            T mean = Sum(src) * invD;
            var dst = eff.Slice(i * r, r);
            for (int j = 0; j < r; j++) dst[j] = src[j] - mean;
        }
    }

    public static void Backward(ReadOnlySpan<T> deff, int rows, int d, bool compress, Span<T> dw)
    {
        int r = compress ? d - 1 : d;
        T invD = T.One / T.CreateTruncating(d);
        for (int i = 0; i < rows; i++)
        {
            var src = deff.Slice(i * r, r);
            T mean = Sum(src) * invD;
            var dst = dw.Slice(i * d, d);
            for (int j = 0; j < r; j++) dst[j] += src[j] - mean;
            if (compress) dst[d - 1] -= mean;
        }
    }

    /// <summary>The one-time conversion: W ← W·P in place.</summary>
    public static void Apply(Span<T> w, int rows, int d)
    {
        T invD = T.One / T.CreateTruncating(d);
        for (int i = 0; i < rows; i++)
        {
            var row = w.Slice(i * d, d);
            T mean = Sum(row) * invD;
            for (int j = 0; j < d; j++) row[j] -= mean;
        }
    }

    private static T Sum(ReadOnlySpan<T> s)
    {
        T acc = T.Zero;
        foreach (T v in s) acc += v;
        return acc;
    }
}
