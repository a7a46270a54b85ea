using NormLab.Kernels;
using NormLab.Reference;
using NormLab.Variants;

namespace NormLab.Check;

/// <summary>
/// One case of the sweep with its inputs, all float32 (for float16 cases, values already rounded to
/// float16 so kernel and reference see the same numbers). Unused tensors are empty.
/// Layout: X and Y are rows × Width; Width is d, or d − 1 for CRMSNorm; W is d × N (FlashNorm).
/// </summary>
public sealed class CheckCase
{
    public required NormVariant Variant { get; init; }
    public required Dtype DType { get; init; }
    public required InputFamily Inputs { get; init; }
    public required int Rows { get; init; }
    public required int D { get; init; }
    /// <summary>The variant's registry entry.</summary>
    public VariantEntry Entry => VariantRegistry.Of(Variant);

    public int Width => Entry.Width(D);

    /// <summary>The normalized input (the sublayer output y for Peri-LN; the stream x for pre-norm).</summary>
    public required float[] X { get; init; }
    /// <summary>The residual partner: the stream x for Peri-LN, the sublayer output y for pre-norm.</summary>
    public float[] Residual { get; init; } = [];
    public float[] Gain { get; init; } = [];
    public float[] Bias { get; init; } = [];
    /// <summary>Upstream gradient for the backward variants.</summary>
    public float[] Dy { get; init; } = [];
    /// <summary>FlashNorm's linear layer W (d × N, row-major) and its bias C (N).</summary>
    public float[] W { get; init; } = [];
    public float[] C { get; init; } = [];
    public int N { get; init; }

    public float Eps { get; init; } = 1e-5f;
    /// <summary>pRMSNorm's fraction.</summary>
    public double P { get; init; } = VariantParameters.PartialFraction;
    /// <summary>LayerNorm Scaling's 1-based block index ℓ.</summary>
    public int Layer { get; init; } = VariantParameters.ScalingLayer;

    /// <summary>The norm a fused variant uses (its entry's statistic).</summary>
    public NormKind Kind => Entry.Kind;

    public override string ToString() =>
        $"{CheckNames.Of(Variant)} {CheckNames.Of(DType)} {Rows}×{D} {CheckNames.Of(Inputs)}";
}
