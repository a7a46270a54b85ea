namespace NormLab.Bench.Results;

/// <summary>The JSON of `normlab bench kernels`: where it ran, how, and one row per kernel and shape.</summary>
public sealed record KernelBenchResult(
    MachineInfo Machine,
    string Profile,
    int Rounds,
    string OrtLayerNormOp,
    string OrtRmsNormOp,
    IReadOnlyList<KernelBenchRow> Rows);
