using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Check;

/// <summary>
/// A set of kernels the harness can hold to the float64 references: the CPU scalar and SIMD kernels
/// here, GPU kernels from other assemblies (NormLab.Cuda). A backend lives wherever its kernels do;
/// the CLI composes the list it checks, so adding one touches no harness code.
/// </summary>
public interface IKernelBackend
{
    /// <summary>Short, unique, lower-case (e.g. "scalar", "simd", "cuda"); what `--backend` selects.</summary>
    string Name { get; }

    /// <summary>Whether this backend has a kernel for the variant at this storage type.</summary>
    bool Supports(NormVariant variant, Dtype dtype);

    /// <summary>Whether it runs this very case (a kernel version may need whole vector packs per row); by default, the variant and dtype decide.</summary>
    bool Supports(CasePlan plan) => Supports(plan.Variant, plan.DType);

    /// <summary>The kernel version a backend with several runs ("v1"…, "auto"); null where there is one kernel. Carried into every JSON row.</summary>
    string? Version => null;

    /// <summary>
    /// Runs the case's kernel and returns its outputs widened to float32 (exactly, for float16), in the
    /// order the variant entry's <see cref="VariantEntry.Outputs"/> give.
    /// </summary>
    float[][] Run(CheckCase c);
}
