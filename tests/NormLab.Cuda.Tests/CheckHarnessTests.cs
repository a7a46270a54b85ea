using NormLab.Kernels;
using NormLab.Check;
using NormLab.Cuda.Check;

namespace NormLab.Cuda.Tests;

/// <summary>
/// The ILGPU kernels held to exactly what `normlab check` holds the CPU kernels to: the harness's own
/// cases, float64 reference, ULP metric and bounds, on CI-sized shapes (the CPU accelerator simulates
/// every GPU thread). Every variant the backend supports, both dtypes, every input family.
/// </summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class CheckHarnessTests
{
    [Fact]
    public void Every_supported_case_passes_the_check_bounds_on_the_cpu_accelerator()
    {
        using var backend = IlgpuKernelBackend.CreateCpu();
        var plans = CheckSweep.Plan([1, 3, 17, 65, 300], [1, 7], elementCap: 7 * 300);
        var results = CheckRunner.Run(plans, [backend]).ToList();

        Assert.True(results.Count > 300, $"only {results.Count} cases ran");
        // Every variant the backend claims must have been exercised, not silently skipped.
        var variantsRun = results.Select(r => r.Variant).ToHashSet();
        foreach (var v in Enum.GetValues<NormVariant>())
            if (backend.Supports(v, Dtype.Float32)) Assert.Contains(CheckNames.Of(v), variantsRun);
        var failures = results.Where(r => !r.Pass)
            .Select(r => $"{r.Variant}/{r.Dtype} {r.Rows}x{r.D} {r.Inputs}: {r.MaxUlp:G3} ULP > {r.Bound:G3}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
