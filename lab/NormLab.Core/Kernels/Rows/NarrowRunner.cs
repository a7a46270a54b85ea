using System.Buffers;
using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>
/// A float16/bfloat16 row. Every pass reads the narrow row and widens it in the registers, or, where
/// widening is dear (<see cref="IElementStorage{TElem}.WidenOnce"/>), the statistic's first pass widens it
/// once into a per-thread float32 row that stays in L1/L2 for the other passes. Either way the apply
/// narrows in its store: no separate widening or narrowing pass.
/// </summary>
public readonly unsafe struct NarrowNormJob<TMode, TStat, TStore, TElem>(TElem* x, TElem* y, int width, AffineParams p, TStat statistic) : IRowJob
    where TMode : struct, ILoopMode where TStat : struct, IRowStatistic where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
{
    public void Execute(int row)
    {
        long at = (long)row * width;
        if (!TStore.WidenOnce)
        {
            NormRow.Forward<TMode, TStat, TStore, TElem>(new ReadOnlySpan<TElem>(x + at, width), p.Gain, p.Bias, p.Eps, p.OutScale, statistic,
                new Span<TElem>(y + at, width), next: NextRow.After(x, at, width));
            return;
        }
        var yr = new Span<TElem>(y + at, width);
        var scratch = RowScratch.Get(width);
        var stats = statistic.Compute<TMode, TStore, TElem>(new ReadOnlySpan<TElem>(x + at, width), p.Eps, scratch);
        if (stats.NonFinite) { yr.Fill(TStore.Narrow(float.NaN)); return; }
        NormRow.ApplyNarrowing<TMode, TStore, TElem>(scratch, p.Gain, p.Bias, stats, p.OutScale, yr, NextRow.After(x, at, width));
    }
}

/// <summary>
/// Storage narrower than float32 (float16, bfloat16): widens gain/bias once per call into a pooled
/// float32 buffer (no steady-state allocation), then runs the rows.
/// </summary>
public static unsafe class NarrowRunner
{
    public static void Norm<TMode, TStat, TStore, TElem>(ReadOnlySpan<TElem> x, int width, ReadOnlySpan<TElem> gain, ReadOnlySpan<TElem> bias,
        float eps, TStat statistic, Span<TElem> y)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        float[] parameters = ArrayPool<float>.Shared.Rent(Math.Max(gain.Length + bias.Length, 1));
        try
        {
            var g = parameters.AsSpan(0, gain.Length);
            var b = parameters.AsSpan(gain.Length, bias.Length);
            VectorLoop.Map<TMode, CopyOp, TStore, TElem, Float32Storage, float>(gain, [], [], g, default);
            VectorLoop.Map<TMode, CopyOp, TStore, TElem, Float32Storage, float>(bias, [], [], b, default);
            fixed (TElem* px = x, py = y)
            fixed (float* pg = g, pb = b)
            {
                var p = new AffineParams(pg, g.Length, pb, b.Length, eps, 1);
                RowParallel.For(x.Length / width, width, new NarrowNormJob<TMode, TStat, TStore, TElem>(px, py, width, p, statistic));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(parameters);
        }
    }
}

/// <summary>One float32 row per thread, grown on demand and reused: small enough to stay in L1/L2 between the passes.</summary>
internal static class RowScratch
{
    [ThreadStatic] private static float[]? ThreadBuffer;

    public static Span<float> Get(int length)
    {
        if (ThreadBuffer is null || ThreadBuffer.Length < length) ThreadBuffer = new float[Math.Max(length, 256)];
        return ThreadBuffer.AsSpan(0, length);
    }
}
