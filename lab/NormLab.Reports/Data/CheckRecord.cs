namespace NormLab.Reports.Data;

/// <summary>One line of `normlab check --json` (its documented fields), as the report reads it.</summary>
public sealed record CheckRecord(
    string Variant,
    string Backend,
    string Dtype,
    int Rows,
    int D,
    string Inputs,
    double MaxAbsErr,
    double MaxRelErr,
    double MaxUlp,
    double Bound,
    bool Pass,
    string? Version = null);
