using NormLab.Kernels;
using NormLab.Cuda.Storage;

namespace NormLab.Cuda.Tests;

/// <summary>
/// Element-wise comparison with the float64 reference: |actual − expected| ≤ tol · (|expected| + rms of
/// the expected row), tol 1e-5 for float32 and 2e-3 for float16 storage (its outputs round to 2^-11
/// relative). The row-rms term keeps the bound relative, so a tiny row (1e-30 inputs) is held to its
/// own scale, and an all-zero expected row must come out exactly zero. NaN must meet NaN.
/// </summary>
public static class ReferenceBounds
{
    public static double Tolerance(Dtype dtype) => dtype == Dtype.Float32 ? 1e-5 : 2e-3;

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, int width, Dtype dtype, string what, int rowsPerFamily, double toleranceScale = 1)
    {
        Assert.Equal(expected.Length, actual.Length);
        double tol = Tolerance(dtype) * toleranceScale;
        for (int r = 0; r < expected.Length / width; r++)
        {
            var e = expected.Slice(r * width, width);
            var a = actual.Slice(r * width, width);
            double rms = RowRms(e);
            for (int i = 0; i < width; i++)
            {
                if (double.IsNaN(e[i]))
                {
                    if (!float.IsNaN(a[i])) Assert.Fail($"{what} {InputFamilies.FamilyOfRow(r, rowsPerFamily)}: row {r} element {i}: expected NaN, got {a[i]}");
                    continue;
                }
                if (double.IsInfinity(e[i]))
                {
                    if (a[i] != e[i]) Assert.Fail($"{what} {InputFamilies.FamilyOfRow(r, rowsPerFamily)}: row {r} element {i}: expected {e[i]}, got {a[i]}");
                    continue;
                }
                double err = Math.Abs(a[i] - e[i]);
                double bound = tol * (Math.Abs(e[i]) + rms);
                if (!(err <= bound))
                    Assert.Fail($"{what} {InputFamilies.FamilyOfRow(r, rowsPerFamily)}: row {r} element {i}: expected {e[i]:R}, got {a[i]:R} (error {err:E3} > bound {bound:E3})");
            }
        }
    }

    private static double RowRms(ReadOnlySpan<double> row)
    {
        double s = 0;
        int n = 0;
        foreach (double v in row)
            if (double.IsFinite(v)) { s += v * v; n++; }
        return n == 0 ? 0 : Math.Sqrt(s / n);
    }

    /// <summary>The values as the kernel stores them (rounded to float16 where that is the dtype), widened to double for the reference.</summary>
    public static double[] Stored(ReadOnlySpan<float> values, Dtype dtype)
    {
        var d = new double[values.Length];
        for (int i = 0; i < values.Length; i++) d[i] = dtype == Dtype.Float32 ? values[i] : (double)(float)(Half)values[i];
        return d;
    }
}
