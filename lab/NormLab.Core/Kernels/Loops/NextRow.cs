using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NormLab.Kernels.Loops;

/// <summary>
/// The next row's input, prefetched while a pass runs over this row from cache. A norm reads its row
/// from memory once and makes its last pass from L1/L2; there the hardware prefetcher sees no demand
/// stream, so a core alternated between waiting on memory and computing. One prefetch per vector of the
/// pass, at the same element one row ahead and into L2 (which holds it where L1 would not at d = 8192),
/// keeps the next row's fetch in flight under this row's arithmetic (float32 RMSNorm at 4096 × 4096 on
/// 2 cores: 17 → 22 GB/s in a one-off A/B probe outside the lab; `bench kernels` shows the effect as
/// same-run ratios). Prefetches never fault, so the row after the last needs no check. <c>default</c>: none.
/// </summary>
public readonly unsafe struct NextRow(void* start, int elementBytes)
{
    /// <summary>The row after the one at <paramref name="rowStart"/> in a contiguous rows × width tensor.</summary>
    public static NextRow After<TElem>(TElem* x, long rowStart, int width) where TElem : unmanaged => new(x + rowStart + width, sizeof(TElem));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Fetch(int element)
    {
        if (Sse.IsSupported && start != null) Sse.Prefetch1((byte*)start + (nint)element * elementBytes);
    }
}
