using NormLab.Kernels.Loops;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>
/// <see cref="VectorLoop.ReduceWidening{TMode, TOp, TStore, TElem}"/> (a float16 row's first statistic pass, which also
/// widens the row for the later passes) writes exactly (float)h for every element and returns the very sums that
/// Reduce returns over the widened row: same blocks, chains and order, across block and vector-tail boundaries.
/// </summary>
public class WideningReduceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(67)]
    [InlineData(1024)]
    [InlineData(1030)]
    [InlineData(4099)]
    public void Widened_row_and_sums_equal_the_widen_then_reduce_path(int d)
    {
        var rng = new Random(d);
        var row = new Half[d];
        for (int i = 0; i < d; i++) row[i] = i % 97 == 5 ? BitConverter.UInt16BitsToHalf((ushort)rng.Next(1, 1024)) : (Half)(rng.NextDouble() * 8 - 4);
        var widened = new float[d];
        var (s, sq) = VectorLoop.ReduceWidening<SimdMode, SumAndSquareOp, Float16Storage, Half>(row, default, widened);
        Assert.Equal(row.Select(h => BitConverter.SingleToUInt32Bits((float)h)), widened.Select(BitConverter.SingleToUInt32Bits));
        var (s0, sq0) = VectorLoop.Reduce<SimdMode, SumAndSquareOp>(widened, [], [], default);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(s0), BitConverter.DoubleToUInt64Bits(s));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(sq0), BitConverter.DoubleToUInt64Bits(sq));
    }

    [Fact]
    public void A_short_widened_row_is_refused()
    {
        var row = new Half[40];
        Assert.Contains("output holds 39",
            Assert.Throws<ArgumentException>(() => VectorLoop.ReduceWidening<SimdMode, SumOp, Float16Storage, Half>(row, default, new float[39])).Message);
    }
}
