using NormLab.Kernels;

namespace NormLab.Bench.Kernels;

/// <summary>
/// Bytes a row-wise kernel moves: every row-sized tensor it reads or writes once, plus its
/// d-long parameter vectors (gain, bias). This is the GB/s numerator of every kernel row.
/// </summary>
public static class Traffic
{
    public static Func<int, int, long> Of(Dtype dtype, int rowTensors, int parameterVectors, int widthLoss = 0) =>
        (rows, d) => (long)dtype.Bytes() * ((long)rowTensors * rows * (d - widthLoss) + (long)parameterVectors * (d - widthLoss));
}
