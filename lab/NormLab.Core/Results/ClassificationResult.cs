namespace NormLab.Results;

/// <summary>An input where a form's class differs from the float64 original's, with both logit margins (top-1 minus top-2).</summary>
public sealed record Disagreement(int Index, int Label, int OriginalClass, int FormClass, double OriginalMargin, double FormMargin);

/// <summary>One form in one precision over the whole data set: accuracy against the labels, agreement with the float64 original.</summary>
public sealed record ClassificationRow(string Model, string Variant, string Precision, int Inputs, double Accuracy, double Agreement,
    IReadOnlyList<Disagreement> Disagreements);

/// <summary>A data-set verification: per-layer rows (worst case over every input) and the per-form classification outcome.</summary>
public sealed record ClassificationResult(string Model, string Data, IReadOnlyList<VerificationRow> Rows, IReadOnlyList<ClassificationRow> Classes);
