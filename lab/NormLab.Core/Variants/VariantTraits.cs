namespace NormLab.Variants;

/// <summary>What a variant's row statistic is (and so which reference and kernel statistic it uses).</summary>
public enum VariantStatistic
{
    /// <summary>Mean and variance (LayerNorm).</summary>
    MeanVariance,
    /// <summary>Root mean square over the whole row.</summary>
    Rms,
    /// <summary>Root mean square over the first k = ceil(p·d) elements (pRMSNorm).</summary>
    PartialRms,
    /// <summary>CRMSNorm: rows stored d − 1 wide, mean square (Σx̂² + (Σx̂)²)/d.</summary>
    CompressedRms,
}

/// <summary>Whether a residual add is fused, and on which side of the norm.</summary>
public enum ResidualMode
{
    None,
    /// <summary>Peri-LN output side: h = x + Norm(y); the case's X is y, its residual is x.</summary>
    PeriOutput,
    /// <summary>Pre-norm step: h = x + y (written), output = Norm(h).</summary>
    PreNormAdd,
}

/// <summary>What kind of computation the variant is, which decides its outputs and its row-scale rule.</summary>
public enum VariantRole
{
    /// <summary>A row-wise norm (possibly with a fused residual): outputs are rows.</summary>
    RowNorm,
    /// <summary>FlashNorm: a norm fused into the next linear layer; outputs are rows × N.</summary>
    NormMatmul,
    /// <summary>A backward pass: dx (rows), dgain and dbias (summed over rows).</summary>
    Backward,
}
