using NormLab.Kernels;
namespace NormLab.Errors;

/// <summary>
/// Units in the last place. ulp(v) is the spacing of the storage format at |v|: 2^(⌊log2|v|⌋ − p) for
/// normal |v| (p = 23 for float32, 10 for float16, 7 for bfloat16), and the subnormal spacing (2^-149, 2^-24, 2^-133) below
/// the smallest normal. Distances are measured at a magnitude that is never below the row's scale
/// (see <see cref="ErrorMetrics"/>), so "near zero" does not mean "infinitely many ULPs".
/// </summary>
public static class Ulp
{
    public static double Of(double magnitude, Dtype dtype)
    {
        var (mantissaBits, minNormalExp) = (dtype.MantissaBits(), dtype.MinNormalExponent());
        double m = Math.Abs(magnitude);
        if (!(m >= Math.ScaleB(1, minNormalExp))) return Math.ScaleB(1, minNormalExp - mantissaBits);
        return Math.ScaleB(1, Math.ILogB(m) - mantissaBits);
    }
}
