using NormLab.Cuda.Kernels;

namespace NormLab.Cuda.Tests;

/// <summary>The kernel chooser: warp per row for narrow rows, vectorized block per row for wide rows
/// that split into packs of 4, plain block per row otherwise; forced versions are checked.</summary>
public sealed class LaunchPlanTests
{
    [Theory]
    [InlineData(768, KernelVersion.V1WarpPerRow)]
    [InlineData(1024, KernelVersion.V1WarpPerRow)]
    [InlineData(1025, KernelVersion.V2BlockPerRow)]
    [InlineData(4096, KernelVersion.V3BlockVector4)]
    [InlineData(8192, KernelVersion.V3BlockVector4)]
    [InlineData(4095, KernelVersion.V2BlockPerRow)]
    public void ChoosesByWidth(int width, KernelVersion expected) =>
        Assert.Equal(expected, LaunchPlan.Choose(4096, width, 32, 1024).Version);

    [Fact]
    public void WarpPerRowPacksEightRowsPerBlockOnAGpu()
    {
        var plan = LaunchPlan.Choose(4097, 768, 32, 1024);
        Assert.Equal(256, plan.GroupSize);
        Assert.Equal((4097 + 7) / 8, plan.Groups);
    }

    [Theory]
    [InlineData(8192, 512)]
    [InlineData(4096, 256)]
    public void VectorBlockGivesEachThreadAboutFourPacks(int width, int threads)
    {
        var plan = LaunchPlan.Choose(32768, width, 32, 1024);
        Assert.Equal(threads, plan.GroupSize);
        Assert.Equal(32768, plan.Groups);
    }

    [Fact]
    public void BlocksStayWithinTheAcceleratorsLimitAndWarpMultiples()
    {
        var plan = LaunchPlan.For(KernelVersion.V2BlockPerRow, 3, 100_000, 4, 64);
        Assert.Equal(64, plan.GroupSize);
        Assert.Equal(0, plan.GroupSize % 4);
    }

    [Fact]
    public void ForcingVectorLoadsOnAnOddWidthIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => LaunchPlan.For(KernelVersion.V3BlockVector4, 1, 17, 32, 1024));
        Assert.Equal("version", e.ParamName);
    }
}
