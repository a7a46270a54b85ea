namespace NormLab.Results;

/// <summary>
/// One exported form of one model at one batch × sequence, timed in ONNX Runtime. Speedup = Pre-LN
/// time / this form's time, taken per run (Pre-LN and the form alternate), median and spread
/// (min, max) over runs. MaxAbsDiff is the largest |output − Pre-LN output| on the same input.
/// </summary>
public sealed record ModelBenchRow(
    string Model,
    string Form,
    int Batch,
    int Seq,
    int Runs,
    double MedianMs,
    double Speedup,
    double SpeedupMin,
    double SpeedupMax,
    double MaxAbsDiff);
