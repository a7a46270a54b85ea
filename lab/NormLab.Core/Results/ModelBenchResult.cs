namespace NormLab.Results;

/// <summary>The JSON of `normlab bench models`.</summary>
public sealed record ModelBenchResult(MachineInfo Machine, string Profile, IReadOnlyList<ModelBenchRow> Rows);
