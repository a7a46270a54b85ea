using NormLab.Errors;

namespace NormLab.Results;

/// <summary>
/// One kernel version at one variant × dtype × shape. Pass, MaxUlp and Bound come from the check
/// harness's own metric and bound on the very launch that is timed; a version that fails is reported
/// with null timings (it is not timed). Gbps counts the activations the launch must move (read + write);
/// VsCopy = Gbps ÷ a device-to-device copy of the same bytes measured in the same run; VsTorch and
/// VsTorchCompile = PyTorch's median time ÷ ours on the same shape and dtype (above 1: ours is faster).
/// Pick is the version the chooser ran for "auto"; Metric names check's metric (<see cref="MetricNames.RowScaledUlp"/>).
/// </summary>
public sealed record GpuBenchRow(
    string Variant,
    string Dtype,
    int Rows,
    int D,
    string Version,
    string? Pick,
    bool Pass,
    double MaxUlp,
    double Bound,
    double? Ms,
    double? MsMin,
    double? MsMax,
    double? Gbps,
    double CopyGbps,
    double? VsCopy,
    double? TorchEagerMs,
    double? VsTorch,
    double? TorchCompileMs,
    double? VsTorchCompile,
    string Metric = MetricNames.RowScaledUlp);

/// <summary>The GPU bench's JSON: the host and device it ran on, the torch file it was compared with, its rows.</summary>
public sealed record GpuBenchResult(MachineInfo Machine, string Device, string? Torch, IReadOnlyList<string> TorchRefused,
    IReadOnlyList<GpuBenchRow> Rows);
