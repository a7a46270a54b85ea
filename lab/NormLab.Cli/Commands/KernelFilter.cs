using NormLab.Kernels;
using NormLab.Bench.Kernels;

namespace NormLab.Cli.Commands;

/// <summary>Narrows the kernel list by --variants and --dtype; an empty result is an error naming the filter.</summary>
public static class KernelFilter
{
    public static IReadOnlyList<KernelUnderTest> Apply(IReadOnlyList<KernelUnderTest> kernels, string? variants, string? dtype)
    {
        var names = variants is null ? null : CommaList.Strings(variants).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = kernels
            .Where(k => names is null || names.Contains(k.Variant))
            .Where(k => dtype is null || string.Equals(k.Dtype.Name(), dtype, StringComparison.OrdinalIgnoreCase)
                || string.Equals(k.Dtype.ToString(), dtype, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        if (kept.Length == 0)
            throw new UsageException(
                $"no kernel matches --variants '{variants}' --dtype '{dtype}'; variants: {string.Join(", ", kernels.Select(k => k.Variant).Distinct())}.");
        return kept;
    }
}
