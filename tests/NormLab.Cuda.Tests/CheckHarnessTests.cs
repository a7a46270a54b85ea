using NormLab.Kernels;
using NormLab.Check;
using NormLab.Variants;
using NormLab.Cuda.Check;

namespace NormLab.Cuda.Tests;

/// <summary>
/// The ILGPU kernels held to exactly what `normlab check` holds the CPU kernels to: the harness's own
/// cases, float64 reference, ULP metric and bounds, on CI-sized shapes (the CPU accelerator simulates
/// every GPU thread). Every variant the backend supports, both dtypes, every input family, each kernel
/// version (v1, v2, v3) and the chooser's pick on the same cases and references.
/// </summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class CheckHarnessTests
{
    [Fact]
    public void Every_supported_case_passes_the_check_bounds_on_the_cpu_accelerator_at_every_kernel_version()
    {
        var backends = IlgpuKernelBackend.Versions(Runtime.GpuDevice.CreateCpu(), "all");
        try
        {
            var plans = CheckSweep.Plan([1, 3, 17, 65, 300], [1, 7], elementCap: 7 * 300);
            var results = CheckRunner.Run(plans, backends).ToList();

            Assert.Equal(["v1", "v2", "v3", "auto"], backends.Select(b => b.Version));
            Assert.True(results.Count > 1000, $"only {results.Count} cases ran");
            // Every variant a version claims must have been exercised at that version, not silently skipped.
            foreach (var backend in backends)
            {
                var variantsRun = results.Where(r => r.Version == backend.Version).Select(r => r.Variant).ToHashSet();
                foreach (var v in Enum.GetValues<NormVariant>())
                    if (backend.Supports(v, Dtype.Float32)) Assert.Contains(CheckNames.Of(v), variantsRun);
            }
            // v3 has no launch for rows whose width is not a multiple of 4, so it never ran one.
            Assert.DoesNotContain(results, r => r.Version == "v3" && r.D % 4 != 0 && r.Variant is not "crmsnorm" and not "crmsnorm-backward");
            var failures = results.Where(r => !r.Pass)
                .Select(r => $"{r.Variant}/{r.Dtype} {r.Version} {r.Rows}x{r.D} {r.Inputs}: {r.MaxUlp:G3} ULP > {r.Bound:G3}").ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            foreach (var backend in backends) backend.Dispose();
        }
    }
}
