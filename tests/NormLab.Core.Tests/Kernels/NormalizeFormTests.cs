using System.Runtime.Intrinsics;
using NormLab.Kernels.Loops;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>
/// The shorter forms of the apply are taken only where they give the bits of <see cref="FullForm"/>:
/// <see cref="ScaleOnly"/> for RMS-family rows (shift = delta = +0, outScale = 1), <see cref="CenterOnly"/> for
/// LayerNorm (outScale = 1); on every width and the scalar tail, for ±0, subnormals, NaN and ±Inf.
/// </summary>
public class NormalizeFormTests
{
    private static readonly float[] Inputs =
    [
        0f, -0f, 1f, -1.5f, 1e-40f, -1e-40f, float.Epsilon, 3.4e38f, -3.4e38f, float.NaN, float.PositiveInfinity, float.NegativeInfinity,
        0.1f, -7.25f, 65504f, 1e-30f,
    ];

    [Fact]
    public void Scale_only_matches_the_full_form_bit_for_bit_on_RMS_rows()
    {
        Assert.True(NormalizeForms.CenteringIsIdentity(0f, 0f));
        AssertSameBits(new NormalizeOp<GainAndBias, FullForm>(0f, 0f, 0.37f, 1f), new NormalizeOp<GainAndBias, ScaleOnly>(0f, 0f, 0.37f, 1f));
        AssertSameBits(new NormalizeOp<GainOnly, FullForm>(0f, 0f, 3e-20f, 1f), new NormalizeOp<GainOnly, ScaleOnly>(0f, 0f, 3e-20f, 1f));
    }

    [Fact]
    public void Center_only_matches_the_full_form_bit_for_bit_when_the_output_scale_is_one()
    {
        Assert.True(NormalizeForms.RescaleIsIdentity(1f));
        AssertSameBits(new NormalizeOp<GainAndBias, FullForm>(1e4f, -3e-4f, 0.9f, 1f), new NormalizeOp<GainAndBias, CenterOnly>(1e4f, -3e-4f, 0.9f, 1f));
        AssertSameBits(new NormalizeOp<NoAffine, FullForm>(-0f, 0f, 2f, 1f), new NormalizeOp<NoAffine, CenterOnly>(-0f, 0f, 2f, 1f));
    }

    [Fact]
    public void No_step_is_dropped_where_the_bits_could_differ()
    {
        Assert.False(NormalizeForms.CenteringIsIdentity(-0f, 0f));   // x = −0 would become +0 under the full form
        Assert.False(NormalizeForms.CenteringIsIdentity(0f, -0f));
        Assert.False(NormalizeForms.CenteringIsIdentity(1e-3f, 0f)); // a centred row
        Assert.False(NormalizeForms.RescaleIsIdentity(0.5f));        // LayerNorm Scaling
        var full = new NormalizeOp<NoAffine, FullForm>(-0f, 0f, 1f, 1f);
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(full.Invoke(-0f, 0f, 0f)));
    }

    private static void AssertSameBits<TAffine, TForm>(NormalizeOp<TAffine, FullForm> full, NormalizeOp<TAffine, TForm> fast)
        where TAffine : struct, IAffineShape where TForm : struct, INormalizeForm
    {
        var rng = new Random(3);
        for (int round = 0; round < 64; round++)
        {
            var x = Inputs.OrderBy(_ => rng.Next()).ToArray();
            var g = Enumerable.Range(0, 16).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            var b = Enumerable.Range(0, 16).Select(_ => round % 2 == 0 ? -0f : (float)rng.NextDouble()).ToArray();
            Assert.Equal(Bits(full.Invoke(Vector512.Create(x), Vector512.Create(g), Vector512.Create(b))),
                Bits(fast.Invoke(Vector512.Create(x), Vector512.Create(g), Vector512.Create(b))));
            Assert.Equal(Bits(full.Invoke(Vector256.Create(x), Vector256.Create(g), Vector256.Create(b))),
                Bits(fast.Invoke(Vector256.Create(x), Vector256.Create(g), Vector256.Create(b))));
            Assert.Equal(Bits(full.Invoke(Vector128.Create(x), Vector128.Create(g), Vector128.Create(b))),
                Bits(fast.Invoke(Vector128.Create(x), Vector128.Create(g), Vector128.Create(b))));
            for (int k = 0; k < x.Length; k++)
                Assert.Equal(BitConverter.SingleToUInt32Bits(full.Invoke(x[k], g[k], b[k])), BitConverter.SingleToUInt32Bits(fast.Invoke(x[k], g[k], b[k])));
        }
    }

    private static uint[] Bits(Vector512<float> v) => Enumerable.Range(0, 16).Select(i => BitConverter.SingleToUInt32Bits(v[i])).ToArray();
    private static uint[] Bits(Vector256<float> v) => Enumerable.Range(0, 8).Select(i => BitConverter.SingleToUInt32Bits(v[i])).ToArray();
    private static uint[] Bits(Vector128<float> v) => Enumerable.Range(0, 4).Select(i => BitConverter.SingleToUInt32Bits(v[i])).ToArray();
}
