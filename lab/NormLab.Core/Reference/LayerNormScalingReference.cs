namespace NormLab.Reference;

/// <summary>
/// LayerNorm Scaling (Sun et al. 2025): the LN output of block ℓ (1-based) is multiplied by
/// 1/sqrt(ℓ). At inference this is LN with g and b scaled by 1/sqrt(ℓ) (SPEC theorem 5).
/// </summary>
public static class LayerNormScalingReference
{
    public static void Forward(ReadOnlySpan<double> x, int d, ReadOnlySpan<double> gain, ReadOnlySpan<double> bias,
        double eps, int layer, Span<double> y)
    {
        double s = Scale(layer);
        LayerNormReference.Forward(x, d, gain, bias, eps, y);
        foreach (ref double v in y) v *= s;
    }

    /// <summary>1/sqrt(ℓ), checking ℓ ≥ 1.</summary>
    public static double Scale(int layer)
    {
        Validation.NormArguments.LayerIndex(layer);
        return 1.0 / Math.Sqrt(layer);
    }
}
