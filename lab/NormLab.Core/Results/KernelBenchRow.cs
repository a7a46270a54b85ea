namespace NormLab.Results;

/// <summary>
/// One kernel at one shape. Gbps = (bytes read + bytes written) / median seconds per call.
/// VsCopy = ours / the all-core copy of as many bytes, VsOrt = ours / ONNX Runtime's node for the
/// same norm (null where ORT has no such op), VsScalar = SIMD / scalar (SIMD rows only). Each ratio
/// is the median over rounds of the ratio measured within a round; Min/Max are its spread.
/// RooflineGbps = the median over rounds of the best of the roofline streams (read, copy, scale,
/// scale with non-temporal stores) at the kernel's byte count; VsRoofline = ours / that limit per
/// round. Null in results written before the roofline existed.
/// </summary>
public sealed record KernelBenchRow(
    string Variant,
    string Backend,
    string Dtype,
    int Rows,
    int D,
    long BytesMoved,
    double Seconds,
    double Gbps,
    double CopyGbps,
    double VsCopy,
    double VsCopyMin,
    double VsCopyMax,
    double? OrtGbps,
    double? VsOrt,
    double? VsOrtMin,
    double? VsOrtMax,
    double? VsScalar,
    double? RooflineGbps = null,
    double? VsRoofline = null,
    double? VsRooflineMin = null,
    double? VsRooflineMax = null);
