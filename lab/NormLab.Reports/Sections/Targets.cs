using NormLab.Results;

namespace NormLab.Reports.Sections;

/// <summary>
/// Issue 11's throughput targets for large rows (4096 × d ≥ 4096): every variant at ≥ 0.90 of the
/// memory roofline for its own traffic; LayerNorm and RMSNorm ≥ 1.25× ORT in float32 and ≥ 1.5× in
/// float16. Judged on the fastest CPU backend.
/// </summary>
public static class Targets
{
    public const int Rows = 4096;
    public const int MinD = 4096;
    public const double VsRoofline = 0.90;

    public static double? VsOrt(string variant, string dtype) => variant is "LayerNorm" or "RMSNorm" ? dtype is "float16" or "bfloat16" ? 1.5 : 1.25 : null;

    public static bool Applies(KernelBenchRow row) => row.Rows == Rows && row.D >= MinD && IsOurs(row) && row.Backend != "scalar";

    public static bool IsOurs(KernelBenchRow row) => !row.Backend.StartsWith("ort:", StringComparison.Ordinal);
}
