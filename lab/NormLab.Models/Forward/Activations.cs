using System.Numerics;
using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>The MLP non-linearities, element-wise in the working precision.</summary>
public static class Activations
{
    private static readonly double Sqrt2OverPi = Math.Sqrt(2 / Math.PI);

    /// <summary>In place: GELU (tanh or erf form), SiLU or ReLU. SwiGLU's gating is in <see cref="SiluGate{T}"/>.</summary>
    public static void Apply<T>(MlpKind kind, T[] h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5), one = T.One;
        T c = T.CreateTruncating(Sqrt2OverPi), k = T.CreateTruncating(0.044715);
        for (int i = 0; i < h.Length; i++)
        {
            T x = h[i];
            h[i] = kind switch
            {
                MlpKind.GeluTanh => half * x * (one + T.Tanh(c * (x + k * x * x * x))),
                MlpKind.GeluErf => half * x * (one + T.CreateTruncating(Erf.Of(double.CreateTruncating(x) / Math.Sqrt(2)))),
                MlpKind.Silu => Silu(x),
                MlpKind.Relu => T.Max(x, T.Zero),
                _ => throw new ArgumentException($"{kind} is not an element-wise activation.", nameof(kind)),
            };
        }
    }

    /// <summary>SwiGLU: gate ← silu(gate) ⊙ up.</summary>
    public static void SiluGate<T>(T[] gate, T[] up) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < gate.Length; i++) gate[i] = Silu(gate[i]) * up[i];
    }

    private static T Silu<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => x / (T.One + T.Exp(-x));
}
