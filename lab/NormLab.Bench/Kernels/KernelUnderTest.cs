using NormLab.Kernels;
using NormLab.Bench.Workload;

namespace NormLab.Bench.Kernels;

/// <summary>
/// A kernel the bench times: its variant, backend (scalar, simd, cuda…) and storage type, the ORT
/// norm it is compared with (null where ORT has no such op), the bytes one call moves, and how to
/// bind it to a shape's buffers (the returned action is one call; it must not allocate).
/// </summary>
public sealed record KernelUnderTest(
    string Variant,
    string Backend,
    Dtype Dtype,
    OrtNorm? ComparedWith,
    Func<int, int, long> BytesMoved,
    Func<ShapeBuffers, Action> Bind)
{
    public string Name => $"{Variant}/{Backend}/{Dtype.Name()}";
}

/// <summary>The norms ONNX Runtime runs as a single node.</summary>
public enum OrtNorm
{
    LayerNorm,
    RmsNorm,
}
