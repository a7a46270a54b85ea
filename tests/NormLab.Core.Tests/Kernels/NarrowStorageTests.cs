using System.Runtime.Intrinsics;
using NormLab.Kernels;
using NormLab.Kernels.Loops;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>
/// The in-register float16/bfloat16 conversions of <see cref="IElementStorage{TElem}"/>, on all three
/// vector widths (the wider ones run in software where the CPU lacks them, so every width is checked
/// on every machine), against the BCL's scalar float16 conversions and the bfloat16 rounding rule.
/// </summary>
public class NarrowStorageTests
{
    private static readonly float[] EdgeFloats =
    [
        0f, -0f, 1f, -1f, 65504f, 65519.99f, 65520f, -65520f, 6.1035156e-5f, 6.097555e-5f, 5.9604645e-8f, 2.9802322e-8f,
        2.9802326e-8f, 1e-45f, float.Epsilon, float.MaxValue, -float.MaxValue, float.PositiveInfinity, float.NegativeInfinity,
        float.NaN, BitConverter.UInt32BitsToSingle(0x7F80_0001), BitConverter.UInt32BitsToSingle(0xFFC0_0000),
        BitConverter.UInt32BitsToSingle(0x3F80_8000), BitConverter.UInt32BitsToSingle(0x3F81_8000), BitConverter.UInt32BitsToSingle(0x7F7F_FFFF),
    ];

    [Fact]
    public void Every_float16_widens_exactly_on_every_width()
    {
        var all = new Half[65536];
        for (int i = 0; i < all.Length; i++) all[i] = BitConverter.UInt16BitsToHalf((ushort)i);
        for (int i = 0; i < all.Length; i += 16)
        {
            var w512 = Float16Storage.Load512(ref all[i]);
            var w256 = Float16Storage.Load256(ref all[i]);
            var w128 = Float16Storage.Load128(ref all[i]);
            for (int k = 0; k < 16; k++)
            {
                float expected = (float)all[i + k];
                AssertSameFloat(expected, w512[k], all[i + k]);
                if (k < 8) AssertSameFloat(expected, w256[k], all[i + k]);
                if (k < 4) AssertSameFloat(expected, w128[k], all[i + k]);
            }
        }
    }

    [Fact]
    public void Float16_narrowing_matches_the_scalar_conversion_on_every_width()
    {
        var rng = new Random(11);
        var values = new float[1 << 18];
        for (int i = 0; i < values.Length; i++)
            values[i] = i % 2 == 0
                ? BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 1L << 32))
                : (float)((rng.NextDouble() * 2 - 1) * Math.Pow(2, rng.Next(-30, 18))); // mostly in float16's range
        EdgeFloats.CopyTo(values, 0);
        var got = new Half[16];
        for (int i = 0; i < values.Length; i += 16)
        {
            var v = Vector512.Create(values.AsSpan(i, 16));
            Float16Storage.Store512(v, ref got[0]);
            AssertNarrowed(values.AsSpan(i, 16), got, 16, f => (Half)f);
            Float16Storage.Store256(v.GetLower(), ref got[0]);
            AssertNarrowed(values.AsSpan(i, 8), got, 8, f => (Half)f);
            Float16Storage.Store128(v.GetLower().GetLower(), ref got[0]);
            AssertNarrowed(values.AsSpan(i, 4), got, 4, f => (Half)f);
        }
    }

    /// <summary>
    /// Vectors whose every lane is a float16 normal (|f| in [2^-14, 65536)) take the narrowing's fast path; this
    /// fills whole vectors from that range (random mantissas, the rounding ties and their neighbours at every
    /// exponent, the ends of the range) and then spoils one lane at a time, so both paths and their seam are checked.
    /// </summary>
    [Fact]
    public void Float16_narrowing_fast_path_and_its_fallback_match_the_scalar_conversion()
    {
        var rng = new Random(5);
        const uint low = 113u << 23, high = 143u << 23;
        var values = new List<float>();
        for (uint e = low; e < high; e += 1u << 23)
            foreach (uint tail in new uint[] { 0, 1, 0xFFF, 0x1000, 0x1001, 0x1FFF, 0x2000, 0x3000, 0x7FF000, 0x7FFFFF })
                values.Add(BitConverter.UInt32BitsToSingle(e | tail | (uint)rng.Next(2) << 31));
        values.AddRange([6.1035156e-5f, -6.1035156e-5f, 65504f, 65519.99f, 65520f, -65535.996f]);
        while (values.Count % 16 != 0 || values.Count < 1 << 16)
            values.Add(BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(low, high) | (uint)rng.Next(2) << 31));
        float[] spoilers = [0f, 6.097555e-5f, 65536f, float.PositiveInfinity, float.NaN, 1e-45f];
        var got = new Half[16];
        for (int i = 0; i < values.Count; i += 16)
        {
            var lanes = values.GetRange(i, 16).ToArray();
            if (i / 16 % 2 == 1) lanes[i / 32 % 16] = spoilers[i / 32 % spoilers.Length];
            var v = Vector512.Create(lanes);
            Float16Storage.Store512(v, ref got[0]);
            AssertNarrowed(lanes, got, 16, f => (Half)f);
            Float16Storage.Store256(v.GetUpper(), ref got[0]);
            AssertNarrowed(lanes.AsSpan(8), got, 8, f => (Half)f);
            Float16Storage.Store128(v.GetLower().GetUpper(), ref got[0]);
            AssertNarrowed(lanes.AsSpan(4), got, 4, f => (Half)f);
        }
    }

    [Fact]
    public void BFloat16_rounds_to_nearest_even_keeps_NaN_and_overflows_to_infinity()
    {
        Assert.Equal(0x3F80, ((BFloat16)BitConverter.UInt32BitsToSingle(0x3F80_8000)).Bits);  // tie, even stays
        Assert.Equal(0x3F82, ((BFloat16)BitConverter.UInt32BitsToSingle(0x3F81_8000)).Bits);  // tie, odd rounds up
        Assert.Equal(0x3F81, ((BFloat16)BitConverter.UInt32BitsToSingle(0x3F80_8001)).Bits);  // above the tie
        Assert.Equal(0x7F80, ((BFloat16)float.MaxValue).Bits);                                // overflow → +Inf
        Assert.Equal(0xFF80, ((BFloat16)float.NegativeInfinity).Bits);
        Assert.True(float.IsNaN((float)(BFloat16)BitConverter.UInt32BitsToSingle(0x7F80_0001))); // payload only in the low bits
        Assert.True(float.IsNaN((float)(BFloat16)BitConverter.UInt32BitsToSingle(0xFF80_0001)));
        Assert.Equal(0x0001, ((BFloat16)BitConverter.UInt32BitsToSingle(0x0000_8001)).Bits);  // subnormals round like the rest
        // The rule against float64 arithmetic: the nearest of the two neighbours, ties to the even one.
        var rng = new Random(5);
        for (int n = 0; n < 100_000; n++)
        {
            float f = BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 1L << 32));
            if (!float.IsFinite(f) || Math.Abs(f) > 3.38e38f) continue;
            ushort low = (ushort)(BitConverter.SingleToUInt32Bits(f) >> 16);
            double a = (float)new BFloat16(low), b = (float)new BFloat16((ushort)(low + 1));
            double da = Math.Abs(f - a), db = Math.Abs(f - b);
            ushort expected = da < db ? low : db < da ? (ushort)(low + 1) : (low & 1) == 0 ? low : (ushort)(low + 1);
            Assert.Equal(expected, ((BFloat16)f).Bits);
        }
    }

    [Fact]
    public void BFloat16_lanes_match_the_scalar_rule_on_every_width()
    {
        var rng = new Random(12);
        var values = new float[1 << 18];
        for (int i = 0; i < values.Length; i++) values[i] = BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 1L << 32));
        EdgeFloats.CopyTo(values, 0);
        var got = new BFloat16[16];
        for (int i = 0; i < values.Length; i += 16)
        {
            var v = Vector512.Create(values.AsSpan(i, 16));
            BFloat16Storage.Store512(v, ref got[0]);
            AssertNarrowed(values.AsSpan(i, 16), got, 16, f => (BFloat16)f);
            BFloat16Storage.Store256(v.GetLower(), ref got[0]);
            AssertNarrowed(values.AsSpan(i, 8), got, 8, f => (BFloat16)f);
            BFloat16Storage.Store128(v.GetLower().GetLower(), ref got[0]);
            AssertNarrowed(values.AsSpan(i, 4), got, 4, f => (BFloat16)f);
            var back = BFloat16Storage.Load512(ref got[0]);
            for (int k = 0; k < 4; k++) AssertSameFloat((float)got[k], back[k], got[k]);
        }
    }

    [Fact]
    public void The_conversion_floor_returns_every_float16_and_bfloat16_unchanged()
    {
        var halves = new Half[65536];
        var bfloats = new BFloat16[65536];
        for (int i = 0; i < halves.Length; i++)
        {
            halves[i] = BitConverter.UInt16BitsToHalf((ushort)i);
            bfloats[i] = new BFloat16((ushort)i);
        }
        var h = new Half[halves.Length];
        var b = new BFloat16[bfloats.Length];
        ConversionFloorKernel.Simd(halves, 1024, h);
        ConversionFloorKernel.Simd(bfloats, 4096, b);
        for (int i = 0; i < halves.Length; i++)
        {
            if (Half.IsNaN(halves[i])) Assert.True(Half.IsNaN(h[i]));
            else Assert.Equal(BitConverter.HalfToUInt16Bits(halves[i]), BitConverter.HalfToUInt16Bits(h[i]));
            if (float.IsNaN((float)bfloats[i])) Assert.True(float.IsNaN((float)b[i]));
            else Assert.Equal(bfloats[i].Bits, b[i].Bits);
        }
    }

    private static void AssertNarrowed<T>(ReadOnlySpan<float> source, T[] got, int count, Func<float, T> scalar) where T : struct
    {
        for (int k = 0; k < count; k++)
        {
            var expected = scalar(source[k]);
            bool bothNaN = expected is Half h ? Half.IsNaN(h) && Half.IsNaN((Half)(object)got[k])
                : float.IsNaN((float)(BFloat16)(object)expected) && float.IsNaN((float)(BFloat16)(object)got[k]);
            if (!bothNaN) Assert.True(expected.Equals(got[k]), $"{source[k]:R} (0x{BitConverter.SingleToUInt32Bits(source[k]):X8}): expected {expected}, got {got[k]}");
        }
    }

    private static void AssertSameFloat(float expected, float got, object from)
    {
        if (float.IsNaN(expected)) Assert.True(float.IsNaN(got), $"{from}: NaN expected, got {got}");
        else Assert.True(BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(got), $"{from}: expected {expected:R}, got {got:R}");
    }
}
