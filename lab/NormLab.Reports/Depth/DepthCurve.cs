namespace NormLab.Reports.Depth;

/// <summary>One line of a depth figure: the mean over seeds at each x, with the seeds' min–max band (Min/Max null: no band).</summary>
public sealed record DepthCurve(string Label, double[] X, double[] Mean, double[]? Min = null, double[]? Max = null);
