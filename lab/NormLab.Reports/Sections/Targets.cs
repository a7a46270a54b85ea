using NormLab.Bench.Results;

namespace NormLab.Reports.Sections;

/// <summary>
/// The throughput targets for large rows (4096 × d ≥ 4096): every variant at ≥ 0.85 of the
/// all-core copy; LayerNorm ≥ 1.3× ORT; RMSNorm ≥ 1.1× ORT. Judged on the fastest CPU backend.
/// </summary>
public static class Targets
{
    public const int Rows = 4096;
    public const int MinD = 4096;
    public const double VsCopy = 0.85;

    public static double? VsOrt(string variant) => variant switch
    {
        "LayerNorm" => 1.3,
        "RMSNorm" => 1.1,
        _ => null,
    };

    public static bool Applies(KernelBenchRow row) => row.Rows == Rows && row.D >= MinD && IsOurs(row) && row.Backend != "scalar";

    public static bool IsOurs(KernelBenchRow row) => !row.Backend.StartsWith("ort:", StringComparison.Ordinal);
}
