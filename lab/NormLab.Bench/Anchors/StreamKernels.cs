using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace NormLab.Bench.Anchors;

/// <summary>
/// The roofline's streaming loops on one part: a read-only sum, and y = a·x with ordinary or
/// non-temporal stores (which skip the read-for-ownership of y's lines and leave the cache to x).
/// </summary>
public static unsafe class StreamKernels
{
    public static float Sum(float* x, int start, int end) => TensorPrimitives.Sum(new ReadOnlySpan<float>(x + start, end - start));

    public static void Scale(float* x, float* y, float a, int start, int end) =>
        TensorPrimitives.Multiply(new ReadOnlySpan<float>(x + start, end - start), a, new Span<float>(y + start, end - start));

    /// <summary>Parts start on 64-byte lines (<see cref="StreamParts"/>), so the vector stores are aligned.</summary>
    public static void ScaleNonTemporal(float* x, float* y, float a, int start, int end)
    {
        int i = start;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
                Vector512.StoreAlignedNonTemporal(Vector512.Load(x + i) * a, y + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
                Vector256.StoreAlignedNonTemporal(Vector256.Load(x + i) * a, y + i);
        else if (Vector128.IsHardwareAccelerated)
            for (; i <= end - Vector128<float>.Count; i += Vector128<float>.Count)
                Vector128.StoreAlignedNonTemporal(Vector128.Load(x + i) * a, y + i);
        for (; i < end; i++) y[i] = x[i] * a;
    }
}
