using NormLab.Cuda.Kernels;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Cuda.Check;

/// <summary>
/// The registry's entries as the ILGPU kernels see them: a row norm becomes a <see cref="RowNormSpec"/>
/// from its entry's statistic, residual mode and depth scale (no per-variant switch); LayerNorm and
/// RMSNorm backward have kernels, CRMSNorm backward has none; FlashNorm has one kernel of its own.
/// </summary>
public static class GpuVariants
{
    /// <summary>The row kernels' description of a row-norm entry at width d; null for FlashNorm and the backward passes.</summary>
    public static RowNormSpec? RowSpec(VariantEntry entry, int d, double eps) => entry.Role != VariantRole.RowNorm ? null : entry.Residual switch
    {
        ResidualMode.PeriOutput => RowNormSpec.PeriOutput(entry.Kind, d, eps),
        ResidualMode.PreNormAdd => RowNormSpec.PreNormAdd(entry.Kind, d, eps),
        _ => entry.Statistic switch
        {
            VariantStatistic.MeanVariance when entry.DepthScaled => RowNormSpec.LayerNormScaling(d, eps, VariantParameters.ScalingLayer),
            VariantStatistic.MeanVariance => RowNormSpec.LayerNorm(d, eps),
            VariantStatistic.Rms => RowNormSpec.RmsNorm(d, eps),
            VariantStatistic.PartialRms => RowNormSpec.PartialRmsNorm(d, VariantParameters.PartialFraction, eps),
            _ => RowNormSpec.CRmsNorm(d, eps),
        },
    };

    /// <summary>
    /// Whether the ILGPU side runs the entry at this storage type and version (null = the chooser's pick):
    /// float32 and float16 (no bfloat16 kernels yet); FlashNorm float32 at the chooser's pick only;
    /// backward for the LayerNorm and RMSNorm statistics.
    /// </summary>
    public static bool Supports(VariantEntry entry, Dtype dtype, KernelVersion? version) => dtype != Dtype.BFloat16 && entry.Role switch
    {
        VariantRole.NormMatmul => dtype == Dtype.Float32 && version is null,
        VariantRole.Backward => entry.Statistic is VariantStatistic.MeanVariance or VariantStatistic.Rms,
        _ => true,
    };
}
