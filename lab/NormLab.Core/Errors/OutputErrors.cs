namespace NormLab.Errors;

/// <summary>
/// How far a tensor (rows × width) is from its reference. Relative error is normwise per row,
/// max_i |a_i − b_i| / max_i |b_i|, then the max over rows — element-wise ratios blow up on entries
/// that happen to be near zero and say nothing about the function.
/// </summary>
public sealed record OutputErrors(double MaxAbsErr, double MaxRelErr, double? Top1Agreement, double? MaxKl)
{
    public static OutputErrors Compare(ReadOnlySpan<double> actual, ReadOnlySpan<double> reference, int width, bool logits)
    {
        if (actual.Length != reference.Length)
            throw new ArgumentException($"compared tensors differ in size ({actual.Length} vs {reference.Length}).", nameof(actual));
        int rows = reference.Length / width, agree = 0;
        double maxAbs = 0, maxRel = 0, maxKl = 0;
        for (int r = 0; r < rows; r++)
        {
            var a = actual.Slice(r * width, width);
            var b = reference.Slice(r * width, width);
            double rowAbs = 0, scale = 0;
            for (int i = 0; i < width; i++)
            {
                double diff = Math.Abs(a[i] - b[i]);
                rowAbs = double.IsNaN(diff) ? double.NaN : Math.Max(rowAbs, diff);
                scale = Math.Max(scale, Math.Abs(b[i]));
            }
            maxAbs = Max(maxAbs, rowAbs);
            maxRel = Max(maxRel, rowAbs / Math.Max(scale, double.Epsilon));
            if (!logits) continue;
            if (ArgMax(a) == ArgMax(b)) agree++;
            maxKl = Max(maxKl, KlDivergence(b, a));
        }
        return logits ? new(maxAbs, maxRel, (double)agree / rows, maxKl) : new(maxAbs, maxRel, null, null);
    }

    /// <summary>KL(softmax(p) ‖ softmax(q)) from logits, through log-softmax.</summary>
    public static double KlDivergence(ReadOnlySpan<double> pLogits, ReadOnlySpan<double> qLogits)
    {
        double lp = LogSumExp(pLogits), lq = LogSumExp(qLogits), kl = 0;
        for (int i = 0; i < pLogits.Length; i++)
        {
            double logP = pLogits[i] - lp;
            kl += Math.Exp(logP) * (logP - (qLogits[i] - lq));
        }
        return Math.Max(kl, 0);
    }

    private static double LogSumExp(ReadOnlySpan<double> x)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (double v in x) max = Math.Max(max, v);
        foreach (double v in x) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    private static int ArgMax(ReadOnlySpan<double> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    /// <summary>Max that lets NaN win, so a NaN anywhere fails the check.</summary>
    private static double Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);
}
