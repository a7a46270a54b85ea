namespace NormLab.Bench.Kernels;

/// <summary>Same-round speed ratios and medians.</summary>
public static class Ratio
{
    /// <summary>Per round, time of <paramref name="reference"/> / time of <paramref name="subject"/> (above 1: subject faster).</summary>
    public static double[] PerRound(double[][] times, int reference, int subject) =>
        times.Select(t => t[reference] / t[subject]).ToArray();

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
