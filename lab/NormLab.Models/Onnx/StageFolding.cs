namespace NormLab.Models.Onnx;

/// <summary>
/// The weight arithmetic of the Pre-LN → Pre-RMSNorm → Pre-CRMSNorm conversions (SPEC points 1–3),
/// on row-major float64 matrices W [in, out] as read by y = x·W + bias.
/// </summary>
public static class StageFolding
{
    /// <summary>Point 1: W ← W − mean over the output dimension, row by row (in place).</summary>
    public static void RecenterColumns(double[] w, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = w.AsSpan(r * cols, cols);
            double mean = 0;
            foreach (double v in row) mean += v;
            mean /= cols;
            for (int c = 0; c < cols; c++) row[c] -= mean;
        }
    }

    /// <summary>Point 2: W' = diag(g)·W, bias' = b·W + bias (the original W in the sum).</summary>
    public static (double[] W, double[] Bias) FoldGainBias(double[] w, double[] bias, double[] gain, double[] normBias, int rows, int cols)
    {
        if (gain.Length != rows || normBias.Length != rows || bias.Length != cols || w.Length != rows * cols)
            throw new ArgumentException($"fold: W [{rows},{cols}] does not fit gain {gain.Length}, norm bias {normBias.Length}, bias {bias.Length}");
        var folded = new double[w.Length];
        var newBias = (double[])bias.Clone();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                folded[r * cols + c] = gain[r] * w[r * cols + c];
                newBias[c] += normBias[r] * w[r * cols + c];
            }
        return (folded, newBias);
    }

    /// <summary>Point 3, readers: W'[i,:] = W[i,:] − W[d−1,:] for i &lt; d − 1.</summary>
    public static double[] FoldLastRow(double[] w, int rows, int cols)
    {
        var folded = new double[(rows - 1) * cols];
        for (int r = 0; r < rows - 1; r++)
            for (int c = 0; c < cols; c++)
                folded[r * cols + c] = w[r * cols + c] - w[(rows - 1) * cols + c];
        return folded;
    }

    /// <summary>The first <paramref name="keep"/> columns (point 3 drops the last output column).</summary>
    public static double[] KeepColumns(double[] w, int rows, int cols, int keep)
    {
        var kept = new double[rows * keep];
        for (int r = 0; r < rows; r++) w.AsSpan(r * cols, keep).CopyTo(kept.AsSpan(r * keep, keep));
        return kept;
    }

    public static double[] Transpose(double[] w, int rows, int cols)
    {
        var t = new double[w.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }
}
