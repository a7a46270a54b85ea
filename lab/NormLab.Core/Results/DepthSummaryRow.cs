namespace NormLab.Results;

/// <summary>
/// The study at one depth L for one variant, over seeds: the final (L-th) layer's variance and its
/// growth against the smallest depth studied, the final layer's angular distance, and the angular
/// distance averaged over all L layers.
/// </summary>
public sealed record DepthSummaryRow(
    string Variant, int Depth, SeedSpread FinalVariance, double FinalVarianceGrowth, SeedSpread FinalAngularDistance,
    SeedSpread MeanAngularDistance, SeedSpread FinalMaxToMedian);
