namespace NormLab.Results;

/// <summary>
/// The JSON of `normlab bench kernels`: where it ran, how, and one row per kernel and shape.
/// OrtRefused: the ORT forms that would not run in a compared dtype, with ORT's reason (those rows have no vsOrt).
/// </summary>
public sealed record KernelBenchResult(
    MachineInfo Machine,
    string Profile,
    int Rounds,
    string OrtLayerNormOp,
    string OrtRmsNormOp,
    IReadOnlyList<KernelBenchRow> Rows,
    IReadOnlyList<string>? OrtRefused = null);
