using System.Numerics;
using System.Numerics.Tensors;

namespace NormLab.Training.Ops;

/// <summary>
/// GPT-2's tanh GELU: y = ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³);
/// dy/dx = ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²).
/// </summary>
public static class Gelu<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T C = T.CreateTruncating(Math.Sqrt(2 / Math.PI));
    private static readonly T A = T.CreateTruncating(0.044715);
    private static readonly T MinusTwoC = T.CreateTruncating(-2 * Math.Sqrt(2 / Math.PI));
    private static readonly T Three = T.CreateTruncating(3.0);

    /// <summary>
    /// Vectorized with TensorPrimitives through ½(1 + tanh u) = σ(2u): y = x / (1 + e^(−2u)) (y may not alias x).
    /// </summary>
    public static void Forward(Span<T> y, ReadOnlySpan<T> x)
    {
        y = y[..x.Length];
        Sigmoid2U(x, y);
        TensorPrimitives.Multiply(y, x, y);
    }

    /// <summary>s = σ(2u), u = √(2/π)·(x + 0.044715·x³).</summary>
    private static void Sigmoid2U(ReadOnlySpan<T> x, Span<T> s)
    {
        TensorPrimitives.Multiply(x, x, s);
        TensorPrimitives.Multiply(s, x, s);
        TensorPrimitives.MultiplyAdd(s, A, x, s);
        TensorPrimitives.Multiply(s, MinusTwoC, s);
        TensorPrimitives.Exp(s, s);
        TensorPrimitives.Add(s, T.One, s);
        TensorPrimitives.Reciprocal(s, s);
    }

    /// <summary>dx = dy·gelu'(x) with ½(1 + tanh u) = s and 1 − tanh²u = 4s(1 − s).</summary>
    public static void Backward(Span<T> dx, ReadOnlySpan<T> x, ReadOnlySpan<T> dy)
    {
        var sg = Scratch(x.Length);
        Sigmoid2U(x, sg);
        T two = T.One + T.One;
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i], s = sg[i];
            T grad = s + two * v * s * (T.One - s) * C * (T.One + Three * A * v * v);
            dx[i] = grad * dy[i];
        }
    }

    [ThreadStatic] private static T[]? scratch;

    private static Span<T> Scratch(int n)
    {
        if (scratch is not { } s || s.Length < n) scratch = s = new T[n];
        return s.AsSpan(0, n);
    }
}
