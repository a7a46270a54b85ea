using NormLab.Kernels.Loops;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>
/// The loop drivers read and write through unchecked refs; each entry checks the spans once: a short input the op
/// reads, or a short output, is an ArgumentException, never a read or write past the end. Spans the op does not
/// read may be empty.
/// </summary>
public class LoopLengthTests
{
    private static readonly float[] Row = [.. Enumerable.Range(1, 67).Select(i => (float)i)];

    [Fact]
    public void A_short_second_input_is_refused_by_map_and_by_its_streaming_form()
    {
        var y = new float[Row.Length];
        Assert.Contains("second input holds 66", Assert.Throws<ArgumentException>(() => VectorLoop.Map<SimdMode, AddOp>(Row, Row.AsSpan(1), [], y, default)).Message);
        Assert.Contains("second input holds 66",
            Assert.Throws<ArgumentException>(() => VectorLoop.Map<SimdMode, AddOp>(Row, Row.AsSpan(1), [], y, default, nonTemporal: true)).Message);
    }

    [Fact]
    public void A_short_output_is_refused()
    {
        var y = new float[Row.Length - 1];
        Assert.Contains("output holds 66", Assert.Throws<ArgumentException>(() => VectorLoop.Map<SimdMode, AddOp>(Row, Row, [], y, default)).Message);
        Assert.Contains("output holds 66", Assert.Throws<ArgumentException>(() => VectorLoop.Map<ScalarMode, CopyOp>(Row, [], [], y, default)).Message);
    }

    [Fact]
    public void A_short_third_input_is_refused_by_the_wide_reduction()
    {
        var op = new BackwardMomentsOp<GainOnly>(0, 0, 1);
        Assert.Contains("third input holds 3",
            Assert.Throws<ArgumentException>(() => VectorLoop.ReduceWide<SimdMode, BackwardMomentsOp<GainOnly>>(Row, Row, Row.AsSpan(0, 3), op)).Message);
    }

    [Fact]
    public void Inputs_an_op_does_not_read_may_be_empty()
    {
        double exact = Row.Sum(v => (double)v);
        Assert.Equal(exact, VectorLoop.ReduceWide<SimdMode, SumOp>(Row, [], [], default).Item1);
        Assert.Equal(exact, VectorLoop.Reduce<SimdMode, SumOp>(Row, [], [], default).Item1);
        var y = new float[Row.Length];
        VectorLoop.Map<SimdMode, CopyOp>(Row, [], [], y, default);
        Assert.Equal(Row, y);
    }
}
