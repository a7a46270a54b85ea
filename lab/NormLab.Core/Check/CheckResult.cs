using NormLab.Errors;

namespace NormLab.Check;

/// <summary>
/// One row of `normlab check`: a case, a backend (and its kernel version where it has several), its
/// errors against the reference and its bound (in ULPs), measured in <see cref="MetricNames.RowScaledUlp"/>.
/// </summary>
public sealed record CheckResult(string Variant, string Backend, string Dtype, int Rows, int D, string Inputs, double MaxAbsErr,
    double MaxRelErr, double MaxUlp, double Bound, bool Pass, string? Version = null,
    string Metric = MetricNames.RowScaledUlp);
