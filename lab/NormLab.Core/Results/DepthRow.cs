namespace NormLab.Results;

/// <summary>
/// One JSON row of depth.json: the residual stream after block <see cref="Layer"/> (0 = entry) of a
/// model with <see cref="Depth"/> blocks. <see cref="Source"/> is "study" (synthetic stack at
/// initialization) or "model" (a checkpoint or builtin).
/// </summary>
public sealed record DepthRow(
    string Source, string Model, string Variant, string Precision, int Seed, int Depth, int Layer,
    double Variance, double Rms, double MaxAbs, double MaxToMedian, double? AngularDistance)
{
    public const string StudySource = "study";
    public const string ModelSource = "model";
}
