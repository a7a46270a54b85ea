namespace NormLab.Errors;

/// <summary>
/// The metrics a JSON row's errors are measured in; each row names its own (`metric`), so a reader never has to
/// guess whether a 1e-6 is element-wise, row-wise or in ULPs. Their definitions are the types that compute them.
/// </summary>
public static class MetricNames
{
    /// <summary>
    /// `check` (CPU and GPU kernels vs the float64 reference): per element, abs = |got − ref|, rel = abs / m,
    /// ULPs of the storage type at m, with m = max(|ref|, the row's scale); the max over all elements
    /// (<see cref="ErrorMetrics"/>).
    /// </summary>
    public const string RowScaledUlp = "row-scaled-ulp";

    /// <summary>
    /// `verify` (a converted model vs its original): per row (token, image) max |Δ| and max |Δ| / max |ref|, the max
    /// over rows; for logits also top-1 agreement and KL (<see cref="OutputErrors"/>).
    /// </summary>
    public const string RowNormwise = "row-normwise";

    /// <summary>An end-to-end check on probabilities (ORT runs of PP-OCR): max |Δp| in both error fields, no division.</summary>
    public const string ProbabilityAbs = "probability-abs";
}
