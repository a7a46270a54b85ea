namespace NormLab.Kernels.Rows;

/// <summary>
/// What a row's statistic hands the apply pass: n = ((x − Shift) − Delta)·Scale. Shift + Delta is the
/// mean as a float plus its remainder (both 0 for RMS norms), so centering keeps float32 accuracy
/// even when |mean| ≫ std. NonFinite marks a row holding NaN/±Inf (its output row is all NaN).
/// </summary>
public readonly record struct RowStats(float Shift, float Delta, float Scale, bool NonFinite)
{
    public static RowStats Poisoned => new(0, 0, float.NaN, true);
}
