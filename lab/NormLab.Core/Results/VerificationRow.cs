using NormLab.Errors;

namespace NormLab.Results;

/// <summary>
/// One line of `normlab verify`: how far a converted form is from the original model, at one layer
/// (or "output") in one precision. Serialized with camelCase names (the JSON fields of the CLI).
/// Metric names how the errors were measured (<see cref="MetricNames"/>). Top1Agreement and MaxKl are null where the output is not a distribution (not a classifier/LM).
/// </summary>
public sealed record VerificationRow(
    string Model,
    string Variant,
    string Precision,
    string Layer,
    double MaxAbsErr,
    double MaxRelErr,
    double? Top1Agreement,
    double? MaxKl,
    bool Pass,
    string Metric = MetricNames.RowNormwise);
