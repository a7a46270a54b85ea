using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Check;

/// <summary>One planned case: what to build with <see cref="CaseFactory"/>.</summary>
public readonly record struct CasePlan(NormVariant Variant, Dtype DType, int Rows, int D, InputFamily Inputs)
{
    /// <summary>Deterministic across runs and machines (HashCode.Combine is randomized per process).</summary>
    public int Seed => (int)(((((long)Variant * 7 + (int)DType) * 5003 + Rows) * 20011 + D) * 11 + (int)Inputs & 0x7fffffff);
}

/// <summary>
/// The shapes and families `normlab check` runs. Rows per d: {1, 3, 64, 4096} capped so a case holds at
/// most <see cref="FullElementCap"/> elements (FlashNorm counts its d × 37 matmul), plus the largest
/// row count under the cap; this keeps the full sweep to minutes on 2 cores while every d still sees
/// a single row, an odd count, and many rows spread over the cores. float16 runs the families whose
/// values float16 can hold (1e±30 are Inf/0 in float16: what they test is float32 range); bfloat16 has
/// float32's range and runs them all. 1030 and 4099 are above 1024 and not multiples of 4, so every variant
/// also reaches the GPU chooser's v2 (block per row, scalar loads), not only CRMSNorm's d − 1 rows.
/// </summary>
public static class CheckSweep
{
    public static readonly int[] AllWidths = [1, 2, 3, 7, 8, 15, 16, 17, 63, 64, 65, 127, 128, 768, 1000, 4096, 4099, 8192, 12288];
    public static readonly int[] QuickWidths = [1, 3, 17, 65, 1000, 1030, 12288];
    public const long FullElementCap = 1 << 18;
    public const long QuickElementCap = 1 << 16;

    public static IEnumerable<CasePlan> Full() => Plan(AllWidths, [1, 3, 64, 4096], FullElementCap);

    public static IEnumerable<CasePlan> Quick() => Plan(QuickWidths, [1, 7], QuickElementCap);

    public static IEnumerable<CasePlan> Plan(IReadOnlyList<int> widths, IReadOnlyList<int> rowCounts, long elementCap)
    {
        foreach (var entry in VariantRegistry.All)
            foreach (var dtype in Enum.GetValues<Dtype>())
                foreach (int d in widths)
                {
                    if (d < entry.MinD) continue;
                    long perRow = entry.Role == VariantRole.NormMatmul ? (long)d * CaseFactory.FlashOutputs : d;
                    foreach (int rows in RowsFor(rowCounts, perRow, elementCap))
                        foreach (var family in Enum.GetValues<InputFamily>())
                        {
                            if (dtype == Dtype.Float16 && family is InputFamily.Tiny or InputFamily.Huge) continue;
                            yield return new CasePlan(entry.Id, dtype, rows, d, family);
                        }
                }
    }

    private static IEnumerable<int> RowsFor(IReadOnlyList<int> rowCounts, long perRow, long cap)
    {
        int max = (int)Math.Clamp(cap / perRow, 1, rowCounts.Max());
        return rowCounts.Where(r => r <= max).Append(max).Distinct().Order();
    }
}
