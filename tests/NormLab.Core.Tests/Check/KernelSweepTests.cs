using NormLab.Kernels;
using NormLab.Check;
using NormLab.Variants;
using Xunit;

namespace NormLab.Core.Tests.Check;

/// <summary>Every kernel against the float64 reference on a CI-sized sweep (the awkward widths and every input family).</summary>
public class KernelSweepTests
{
    public static TheoryData<NormVariant> Variants() => new(Enum.GetValues<NormVariant>());

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_case_is_within_its_bound(NormVariant variant)
    {
        var plans = CheckSweep.Plan([1, 2, 3, 17, 65, 1000, 12288], [1, 7], 1 << 15).Where(p => p.Variant == variant);
        var results = CheckRunner.Run(plans, [CpuKernelBackend.Scalar, CpuKernelBackend.Simd]).ToList();
        Assert.NotEmpty(results);
        var failures = results.Where(r => !r.Pass).Select(r => $"{r.Backend} {r.Dtype} {r.Rows}x{r.D} {r.Inputs}: {r.MaxUlp} > {r.Bound}");
        Assert.Empty(failures);
    }

    [Fact]
    public void Nonfinite_and_zero_families_are_compared_not_skipped()
    {
        var c = CaseFactory.Create(NormVariant.LayerNorm, Dtype.Float32, 6, 17, InputFamily.NonFinite, 1);
        var reference = ReferenceRunner.Run(c);
        Assert.Equal(2 * 17, reference[0].Take(3 * 17).Count(double.IsNaN)); // rows 0 and 1 poisoned, row 2 clean
        var result = CheckRunner.Judge(c, reference, CpuKernelBackend.Simd);
        Assert.True(result.Pass);
    }
}
