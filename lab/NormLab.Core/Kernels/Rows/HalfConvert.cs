using System.Numerics.Tensors;
using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>float16 ↔ float32 for one row: TensorPrimitives' vectorized conversion (F16C/AVX-512) in SIMD mode, a cast loop in scalar mode.</summary>
public static class HalfConvert
{
    public static void ToSingle<TMode>(ReadOnlySpan<Half> source, Span<float> destination) where TMode : struct, ILoopMode
    {
        if (TMode.Vectorize) { TensorPrimitives.ConvertToSingle(source, destination); return; }
        for (int i = 0; i < source.Length; i++) destination[i] = (float)source[i];
    }

    public static void ToHalf<TMode>(ReadOnlySpan<float> source, Span<Half> destination) where TMode : struct, ILoopMode
    {
        if (TMode.Vectorize) { TensorPrimitives.ConvertToHalf(source, destination); return; }
        for (int i = 0; i < source.Length; i++) destination[i] = (Half)source[i];
    }
}

/// <summary>
/// One float32 work buffer per thread, grown on demand and then reused: the float16 kernels widen a
/// row into it, normalize in float32, and narrow the result, without allocating per call.
/// </summary>
internal static class ThreadScratch
{
    [ThreadStatic] private static float[]? buffer;

    public static Span<float> Get(int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new float[Math.Max(length, 256)];
        return buffer.AsSpan(0, length);
    }
}
