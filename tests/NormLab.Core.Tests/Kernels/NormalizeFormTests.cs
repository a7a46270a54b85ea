using System.Runtime.Intrinsics;
using NormLab.Kernels.Loops;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>
/// <see cref="ScaleOnly"/> is taken only where it gives the bits of <see cref="FullForm"/>: RMS-family rows
/// (shift = delta = +0) with outScale = 1, on every width and the scalar tail, for ±0, subnormals, NaN and ±Inf.
/// </summary>
public class NormalizeFormTests
{
    private static readonly float[] Inputs =
    [
        0f, -0f, 1f, -1.5f, 1e-40f, -1e-40f, float.Epsilon, 3.4e38f, -3.4e38f, float.NaN, float.PositiveInfinity, float.NegativeInfinity,
        0.1f, -7.25f, 65504f, 1e-30f,
    ];

    [Fact]
    public void Scale_only_matches_the_full_form_bit_for_bit_where_it_is_chosen()
    {
        Assert.True(INormalizeForm.ScaleOnlyIsExact(0f, 0f, 1f));
        var full = new NormalizeOp<GainAndBias, FullForm>(0f, 0f, 0.37f, 1f);
        var fast = new NormalizeOp<GainAndBias, ScaleOnly>(0f, 0f, 0.37f, 1f);
        var rng = new Random(3);
        for (int round = 0; round < 64; round++)
        {
            var x = Inputs.OrderBy(_ => rng.Next()).ToArray();
            var g = Enumerable.Range(0, 16).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            var b = Enumerable.Range(0, 16).Select(_ => round % 2 == 0 ? -0f : (float)rng.NextDouble()).ToArray();
            AssertSameBits(full.Invoke(Vector512.Create(x), Vector512.Create(g), Vector512.Create(b)), fast.Invoke(Vector512.Create(x), Vector512.Create(g), Vector512.Create(b)));
            AssertSameBits(full.Invoke(Vector256.Create(x), Vector256.Create(g), Vector256.Create(b)), fast.Invoke(Vector256.Create(x), Vector256.Create(g), Vector256.Create(b)));
            AssertSameBits(full.Invoke(Vector128.Create(x), Vector128.Create(g), Vector128.Create(b)), fast.Invoke(Vector128.Create(x), Vector128.Create(g), Vector128.Create(b)));
            for (int k = 0; k < x.Length; k++)
                Assert.Equal(BitConverter.SingleToUInt32Bits(full.Invoke(x[k], g[k], b[k])), BitConverter.SingleToUInt32Bits(fast.Invoke(x[k], g[k], b[k])));
        }
    }

    [Fact]
    public void Scale_only_is_not_chosen_where_the_bits_could_differ()
    {
        Assert.False(INormalizeForm.ScaleOnlyIsExact(-0f, 0f, 1f));   // x = −0 would become +0 under the full form
        Assert.False(INormalizeForm.ScaleOnlyIsExact(0f, -0f, 1f));
        Assert.False(INormalizeForm.ScaleOnlyIsExact(0f, 0f, 0.5f));  // LayerNorm Scaling
        Assert.False(INormalizeForm.ScaleOnlyIsExact(1e-3f, 0f, 1f)); // a centred row
    }

    [Fact]
    public void A_negative_zero_shift_does_change_the_sign_of_a_negative_zero_input()
    {
        var full = new NormalizeOp<NoAffine, FullForm>(-0f, 0f, 1f, 1f);
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(full.Invoke(-0f, 0f, 0f)));
    }

    private static void AssertSameBits<TVector>(TVector expected, TVector got) where TVector : struct =>
        Assert.Equal(Bits(expected), Bits(got));

    private static uint[] Bits<TVector>(TVector v) => v switch
    {
        Vector512<float> w => Enumerable.Range(0, 16).Select(i => BitConverter.SingleToUInt32Bits(w[i])).ToArray(),
        Vector256<float> w => Enumerable.Range(0, 8).Select(i => BitConverter.SingleToUInt32Bits(w[i])).ToArray(),
        Vector128<float> w => Enumerable.Range(0, 4).Select(i => BitConverter.SingleToUInt32Bits(w[i])).ToArray(),
        _ => throw new ArgumentException(typeof(TVector).Name),
    };
}
