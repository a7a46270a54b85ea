using NormLab.Bench.Gpu;
using NormLab.Check;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Cuda.Tests;

/// <summary>
/// The GPU bench harness on the CPU accelerator: every row-norm entry of the registry reaches every
/// version its width allows and passes the check's bounds; a version whose output is wrong (anywhere
/// in the timed launch, not only in the first tile) is reported as failed and not timed.
/// </summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class GpuHarnessTests(CpuAcceleratorFixture gpu)
{
    [Fact]
    public void Every_row_norm_entry_runs_every_version_its_width_allows_and_passes_the_check_bound()
    {
        var runner = new IlgpuKernelRunner(gpu.Device, quick: true);
        var rows = new GpuKernelHarness(runner, TorchTimings.None).Run([Dtype.Float32, Dtype.Float16], [3], [33, 1032]).ToList();

        foreach (var entry in GpuKernelHarness.Entries)
            foreach (var dtype in new[] { "float32", "float16" })
            {
                var run = rows.Where(r => r.Variant == entry.Name && r.Dtype == dtype).ToList();
                var expected = entry.Width(1032) % 4 == 0 ? new[] { "v1", "v2", "v3", "auto" } : ["v1", "v2", "auto"];
                Assert.Equal(expected, run.Where(r => r.D == 1032).Select(r => r.Version));
                Assert.Contains(run, r => r.D == 33 && r.Version == "v1");
            }
        Assert.All(rows, r =>
        {
            Assert.True(r.Pass, $"{r.Variant} {r.Dtype} {r.Version} {r.Rows}×{r.D}: {r.MaxUlp} ULP > {r.Bound}");
            Assert.True(r.Ms > 0 && r.Gbps > 0 && r.CopyGbps > 0, $"{r.Variant} {r.Version}: not timed");
        });
        Assert.Contains(rows, r => r.Version == "auto" && r.Pick == "v1" && r.D == 33);
    }

    [Fact]
    public void A_version_with_a_wrong_row_in_its_last_tile_fails_and_is_not_timed()
    {
        var runner = new PlantedRunner(new IlgpuKernelRunner(gpu.Device, quick: true), broken: "v2");
        var rows = new GpuKernelHarness(runner, TorchTimings.None)
            .Run([Dtype.Float32], [2 * GpuKernelHarness.TileRows], [65], e => e.Id == NormVariant.RmsNorm).ToList();

        var broken = Assert.Single(rows, r => r.Version == "v2");
        Assert.False(broken.Pass);
        Assert.True(broken.MaxUlp > broken.Bound);
        Assert.Null(broken.Ms);
        Assert.Null(broken.Gbps);
        Assert.All(rows.Where(r => r.Version != "v2"), r => Assert.True(r.Pass && r.Ms > 0));
    }

    /// <summary>Passes everything through, but one version's last output row comes back off by 1 %.</summary>
    private sealed class PlantedRunner(IGpuKernelRunner inner, string broken) : IGpuKernelRunner
    {
        public string Device => inner.Device;

        public IReadOnlyList<string> Versions(VariantEntry entry, Dtype dtype, int width) => inner.Versions(entry, dtype, width);

        public IPreparedGpuKernel Prepare(CheckCase c, string version) => new Planted(inner.Prepare(c, version), version == broken, c.Width);

        public double CopyGbps(long bytes) => inner.CopyGbps(bytes);

        private sealed class Planted(IPreparedGpuKernel kernel, bool wrong, int width) : IPreparedGpuKernel
        {
            public string Version => kernel.Version;
            public long BytesMoved => kernel.BytesMoved;
            public void LaunchAndWait() => kernel.LaunchAndWait();
            public (double Median, double Min, double Max) Time() => kernel.Time();

            public float[][] Outputs()
            {
                var outputs = kernel.Outputs();
                if (wrong) outputs[0][^width] *= 1.01f;
                return outputs;
            }

            public void Dispose() => kernel.Dispose();
        }
    }
}
