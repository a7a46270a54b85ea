using System.Globalization;

namespace NormLab.Reports.Markdown;

/// <summary>Number spellings of the report: invariant culture, fixed precision, so the Markdown is byte-stable.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Errors: 1.23e-07; 0 as "0"; NaN/∞ spelled out.</summary>
    public static string Error(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "∞" : "−∞") : value == 0 ? "0" : value.ToString("0.00e+00", Invariant);

    public static string Fixed(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals, Invariant) : Error(value);

    public static string Ratio(double? value) => value is { } v ? Fixed(v, 2) + "×" : "–";

    public static string Percent(double fraction) => Fixed(100 * fraction, 0) + " %";

    public static string Int(long value) => value.ToString(Invariant);

    public static string Check(bool pass) => pass ? "✓" : "✗ FAIL";
}
