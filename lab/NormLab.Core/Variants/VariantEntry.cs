using NormLab.Check;
using NormLab.Kernels;
using NormLab.Reference;

namespace NormLab.Variants;

/// <summary>
/// Everything the lab knows about one variant, in one place: its names, statistic, row width, which
/// parameters and residual it takes, its outputs, its float32 bound, its float64 reference and its CPU
/// kernels. check, the CPU bench, the ILGPU backend and the GPU bench read these fields instead of
/// switching on the variant; adding a variant is one entry (<see cref="VariantRegistry"/>) plus its kernels.
/// </summary>
public sealed record VariantEntry
{
    public required NormVariant Id { get; init; }

    /// <summary>The name in check tables and JSON ("layernorm", "prenorm-residual", …).</summary>
    public required string Name { get; init; }

    /// <summary>The name of its kernel-bench rows ("LayerNorm", …); null where it is not benched as a row kernel.</summary>
    public string? BenchName { get; init; }

    public required VariantStatistic Statistic { get; init; }
    public VariantRole Role { get; init; } = VariantRole.RowNorm;
    public ResidualMode Residual { get; init; } = ResidualMode.None;
    public bool HasGain { get; init; }
    public bool HasBias { get; init; }

    /// <summary>LayerNorm Scaling: the output is scaled by 1/sqrt(ℓ).</summary>
    public bool DepthScaled { get; init; }

    /// <summary>Output names, in the order references and backends return them.</summary>
    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>The float32 ULP bound at width d (see <see cref="ErrorBounds"/> for each derivation).</summary>
    public required Func<int, double> Float32Bound { get; init; }

    /// <summary>The float64 reference on the case's inputs (widened exactly).</summary>
    public required Func<CheckCase, double[][]> Reference { get; init; }

    /// <summary>Row-wise forward kernels (null for FlashNorm and the backward passes).</summary>
    public CpuPair<ForwardKernel>? Forward { get; init; }

    public CpuPair<BackwardKernel>? Backward { get; init; }

    /// <summary>FlashNorm's CPU run on a case (its weights are folded per case), scalar or SIMD.</summary>
    public Func<CheckCase, bool, float[]>? Matmul { get; init; }

    /// <summary>Storage types the CPU kernels take: float32 always; float16/bfloat16 for the LayerNorm and RMSNorm rows.</summary>
    public IReadOnlyList<Dtype> CpuDtypes { get; init; } = [Dtype.Float32];

    /// <summary>The norm a fused variant applies (LayerNorm for the mean-variance statistic, RMSNorm otherwise).</summary>
    public NormKind Kind => Statistic == VariantStatistic.MeanVariance ? NormKind.LayerNorm : NormKind.RmsNorm;

    /// <summary>How much shorter than d a stored row is: 1 for the compressed stream, else 0.</summary>
    public int WidthLoss => Statistic == VariantStatistic.CompressedRms ? 1 : 0;

    /// <summary>The stored row length: d, or d − 1 for the compressed stream.</summary>
    public int Width(int d) => d - WidthLoss;

    /// <summary>The smallest d the variant takes (CRMSNorm needs a stored element).</summary>
    public int MinD => Statistic == VariantStatistic.CompressedRms ? 2 : 1;

    /// <summary>Which output is the normalized one (the pre-norm step writes h first).</summary>
    public int NormalizedOutput => Residual == ResidualMode.PreNormAdd ? 1 : 0;

    /// <summary>Row-sized tensors a forward call reads (x, and the residual partner).</summary>
    public int RowInputs => Residual == ResidualMode.None ? 1 : 2;

    /// <summary>d-long parameter vectors a call reads.</summary>
    public int ParameterVectors => (HasGain ? 1 : 0) + (HasBias ? 1 : 0);

    public override string ToString() => Name;
}
