using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Check;

/// <summary>
/// Builds a case's inputs from a seed: the family decides the normalized input; the other tensors are
/// ordinary (gain ~ N(1, 0.5²), bias ~ N(0, 0.5²), residual and dy ~ N(0, 1), W ~ N(0, 1/d), c ~ N(0, 0.1²)).
/// float16/bfloat16 cases get every tensor rounded to the storage type first, so kernel and reference see the same values.
/// </summary>
public static class CaseFactory
{
    /// <summary>FlashNorm's output width in the sweep: enough columns to exercise the vector loop and its tail.</summary>
    public const int FlashOutputs = 37;

    public static CheckCase Create(NormVariant variant, Dtype dtype, int rows, int d, InputFamily family, int seed)
    {
        var rng = new Random(seed);
        var entry = VariantRegistry.Of(variant);
        int width = entry.Width(d);
        float[] Tensor(int length, double mean, double std) => Round(Normal(rng, length, mean, std), dtype);
        bool flash = entry.Role == VariantRole.NormMatmul;
        return new CheckCase
        {
            Variant = variant,
            DType = dtype,
            Inputs = family,
            Rows = rows,
            D = d,
            X = Round(FamilyInput(rng, family, rows, width), dtype),
            Gain = entry.HasGain ? Tensor(width, 1, 0.5) : [],
            Bias = entry.HasBias ? Tensor(width, 0, 0.5) : [],
            Residual = entry.Residual != ResidualMode.None ? Tensor(rows * d, 0, 1) : [],
            Dy = entry.Role == VariantRole.Backward ? Tensor(rows * width, 0, 1) : [],
            N = flash ? FlashOutputs : 0,
            W = flash ? Tensor(d * FlashOutputs, 0, 1 / Math.Sqrt(d)) : [],
            C = flash ? Tensor(FlashOutputs, 0, 0.1) : [],
        };
    }

    /// <summary>
    /// The normalized input. NonFinite: row r % 3 == 0 holds one NaN, r % 3 == 1 one ±Inf, at a random
    /// column (so also past pRMSNorm's k), r % 3 == 2 is clean.
    /// </summary>
    public static float[] FamilyInput(Random rng, InputFamily family, int rows, int width)
    {
        var x = family switch
        {
            InputFamily.StandardNormal or InputFamily.NonFinite => Normal(rng, rows * width, 0, 1),
            InputFamily.MeanOffset => Normal(rng, rows * width, 1e4, 1),
            InputFamily.Tiny => Normal(rng, rows * width, 0, 1e-30),
            InputFamily.Huge => Normal(rng, rows * width, 0, 1e30),
            InputFamily.Zeros => new float[rows * width],
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
        };
        if (family == InputFamily.NonFinite)
            for (int r = 0; r < rows; r++)
            {
                int at = r * width + rng.Next(width);
                if (r % 3 == 0) x[at] = float.NaN;
                else if (r % 3 == 1) x[at] = rng.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity;
            }
        return x;
    }

    public static float[] Normal(Random rng, int length, double mean, double std)
    {
        var v = new float[length];
        for (int i = 0; i < length; i++)
        {
            // Box–Muller; 1 − U keeps the log argument in (0, 1].
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            v[i] = (float)(mean + std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return v;
    }

    private static float[] Round(float[] v, Dtype dtype)
    {
        for (int i = 0; i < v.Length; i++) v[i] = dtype.Round(v[i]);
        return v;
    }
}
