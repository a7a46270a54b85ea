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
    private static readonly T Half = T.CreateTruncating(0.5);
    private static readonly T Three = T.CreateTruncating(3.0);

    /// <summary>Vectorized with TensorPrimitives (y may not alias x).</summary>
    public static void Forward(Span<T> y, ReadOnlySpan<T> x)
    {
        y = y[..x.Length];
        Inner(x, y);
        TensorPrimitives.Tanh(y, y);
        TensorPrimitives.Add(y, T.One, y);
        TensorPrimitives.Multiply(y, x, y);
        TensorPrimitives.Multiply(y, Half, y);
    }

    /// <summary>u = √(2/π)·(x + 0.044715·x³) into <paramref name="u"/>.</summary>
    private static void Inner(ReadOnlySpan<T> x, Span<T> u)
    {
        TensorPrimitives.Multiply(x, x, u);
        TensorPrimitives.Multiply(u, x, u);
        TensorPrimitives.MultiplyAdd(u, A, x, u);
        TensorPrimitives.Multiply(u, C, u);
    }

    /// <summary>dx = dy·gelu'(x), overwritten.</summary>
    public static void Backward(Span<T> dx, ReadOnlySpan<T> x, ReadOnlySpan<T> dy)
    {
        var th = Scratch(x.Length);
        Inner(x, th);
        TensorPrimitives.Tanh(th, th);
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i], t = th[i];
            T grad = Half * (T.One + t) + Half * v * (T.One - t * t) * C * (T.One + Three * A * v * v);
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
