using NormLab.Errors;
namespace NormLab.Models.Verification;

/// <summary>
/// The pass rules. float64: a converted form is the same function, so it must match the float64
/// original to rounding noise, max relative error ≤ 1e-10 at every layer and at the output, and the
/// same top-1 at every position. float32: a form (the original included) run in float32 is held to
/// the float64 original within <see cref="Float32Multiple"/> × u, u = 2⁻²⁴ the float32 unit roundoff.
/// </summary>
public static class VerificationBounds
{
    public const double Float64MaxRelErr = 1e-10;
    public const double Float32UnitRoundoff = 1.0 / (1 << 24);
    public const double Float32Multiple = 2048;
    public const double Float32MaxRelErr = Float32Multiple * Float32UnitRoundoff;

    public static bool Passes(string precision, OutputErrors m) => precision == Precisions.Float64
        ? m.MaxRelErr <= Float64MaxRelErr && (m.Top1Agreement is null or 1.0)
        : m.MaxRelErr <= Float32MaxRelErr;
}

public static class Precisions
{
    public const string Float64 = "float64";
    public const string Float32 = "float32";
}
