using System.Numerics;

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

    public static void Forward(Span<T> y, ReadOnlySpan<T> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i];
            y[i] = Half * v * (T.One + T.Tanh(C * (v + A * v * v * v)));
        }
    }

    /// <summary>dx = dy·gelu'(x), overwritten.</summary>
    public static void Backward(Span<T> dx, ReadOnlySpan<T> x, ReadOnlySpan<T> dy)
    {
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i];
            T th = T.Tanh(C * (v + A * v * v * v));
            T grad = Half * (T.One + th) + Half * v * (T.One - th * th) * C * (T.One + Three * A * v * v);
            dx[i] = grad * dy[i];
        }
    }
}
