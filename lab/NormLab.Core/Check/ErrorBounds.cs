using NormLab.Kernels;
namespace NormLab.Check;

/// <summary>
/// The ULP bound each case is held to (ULPs of the storage type at max(|ref|, row scale); see
/// README, "normlab check", for the derivation and what each bound rejects).
/// </summary>
public static class ErrorBounds
{
    /// <summary>float16 storage: the output rounding (0.5 ULP) plus the float32 computation, which is ≤ 2^-9 of a float16 ULP.</summary>
    public const double Float16 = 0.51;

    /// <summary>
    /// bfloat16 storage: the output rounding (0.5 ULP) plus the float32 computation, which is ≤ 16
    /// float32 ULPs (the largest float32 bound of these variants) = 16·2^-16 ≈ 2.4e-4 of a bfloat16 ULP.
    /// </summary>
    public const double BFloat16 = 0.501;

    /// <summary>One norm, no affine: statistic ≤ ~1.5 ULP (blocked sums, float64 finish) + centering/scaling ≤ 2 roundings, with margin.</summary>
    public const double PlainNorm = 8;

    /// <summary>
    /// CRMSNorm: its mean square (Σx̂² + (Σx̂)²)/d squares the float32 sum s = Σx̂, whose absolute error
    /// ~ε·Σ|x̂| enters doubled (2s·Δs), so it gets the fused bound rather than the plain one.
    /// </summary>
    public const double CompressedNorm = 16;

    /// <summary>A norm followed by gain/bias, the 1/sqrt(ℓ) scale or a residual add: each can cancel terms of the row's scale.</summary>
    public const double FusedNorm = 16;

    /// <summary>Backward dx cancels terms of size rms(dy ⊙ g)/σ (the scale they are measured at); dgain/dbias sum over rows.</summary>
    public const double Backward = 16;

    /// <summary>The bound of a case: its storage type's, or for float32 its variant's (<see cref="Variants.VariantEntry.Float32Bound"/>).</summary>
    public static double For(CheckCase c) =>
        c.DType == Dtype.Float16 ? Float16 : c.DType == Dtype.BFloat16 ? BFloat16 : c.Entry.Float32Bound(c.D);

    /// <summary>
    /// FlashNorm's matmul accumulates d products per output in float32, one after another: rounding
    /// errors random-walk, ~ε·sqrt(d/2) relative to the l2 size of the terms; 8 + sqrt(d) ULPs covers it.
    /// </summary>
    public static double FlashNorm(int d) => 8 + Math.Sqrt(d);
}
