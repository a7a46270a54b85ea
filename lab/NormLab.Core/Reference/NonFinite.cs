namespace NormLab.Reference;

/// <summary>
/// The lab's defined NaN/Inf behaviour: a row that holds any NaN or ±Inf has no meaningful mean or
/// scale, so every output element of that row is NaN. Every backend must do the same.
/// </summary>
public static class NonFinite
{
    public static bool Any(ReadOnlySpan<double> row)
    {
        foreach (double v in row)
            if (!double.IsFinite(v)) return true;
        return false;
    }

    public static void FillNaN(Span<double> row) => row.Fill(double.NaN);
}
