using NormLab.Kernels;
namespace NormLab.Cuda.Bench;

/// <summary>
/// One measured kernel at one shape, with the bench JSON fields: GB/s counts the bytes the variant
/// must move (read + write of the activations); vsCopy = gbps ÷ the device-to-device copy of the same
/// bytes measured in the same run; vsTorch = gbps ÷ PyTorch eager's GB/s on the same shape and dtype
/// (null without a torch result). Kernel is the version ("v1".."v3", or "chosen") and Ms the median time.
/// </summary>
public sealed record GpuBenchRow(
    string Variant,
    string Backend,
    string Dtype,
    int Rows,
    int D,
    string Kernel,
    double Ms,
    double Gbps,
    double VsCopy,
    double? VsTorch);
