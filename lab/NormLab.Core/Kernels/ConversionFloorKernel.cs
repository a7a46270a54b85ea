using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;

namespace NormLab.Kernels;

/// <summary>
/// y = narrow(widen(x)) per row over all cores, with the same lane conversions and row driver as the
/// float16/bfloat16 norms and nothing else: the least work any norm with that storage must do (.NET
/// exposes no F16C instruction, so float16 widening and narrowing are vector integer/float operations).
/// Benched next to the norms, it shows how much of the roofline the conversions alone leave.
/// </summary>
public static unsafe class ConversionFloorKernel
{
    public static void Simd(ReadOnlySpan<Half> x, int d, Span<Half> y) => Run<Float16Storage, Half>(x, d, y);

    public static void Simd(ReadOnlySpan<BFloat16> x, int d, Span<BFloat16> y) => Run<BFloat16Storage, BFloat16>(x, d, y);

    private static void Run<TStore, TElem>(ReadOnlySpan<TElem> x, int d, Span<TElem> y)
        where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        if (d <= 0 || x.Length % d != 0) throw new ArgumentException($"x holds {x.Length} elements, not a whole number of rows of {d}", nameof(x));
        if (y.Length != x.Length) throw new ArgumentException($"y holds {y.Length} elements; x holds {x.Length}", nameof(y));
        fixed (TElem* px = x, py = y)
            RowParallel.For(x.Length / d, d, new CopyJob<TStore, TElem>(px, py, d));
    }

    private readonly struct CopyJob<TStore, TElem>(TElem* x, TElem* y, int width) : IRowJob
        where TStore : struct, IElementStorage<TElem> where TElem : unmanaged
    {
        public void Execute(int row)
        {
            long at = (long)row * width;
            VectorLoop.Map<SimdMode, CopyOp, TStore, TElem>(new ReadOnlySpan<TElem>(x + at, width), [], [], new Span<TElem>(y + at, width), default);
        }
    }
}
