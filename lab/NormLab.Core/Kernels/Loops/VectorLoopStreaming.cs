using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormLab.Kernels.Loops;

internal static partial class VectorLoop
{
    /// <summary>
    /// <see cref="Map{TMode, TOp, TStore, TElem}"/> with non-temporal vector stores: the output goes to memory without
    /// first being read into the cache (no read-for-ownership) and without evicting the inputs. Pays
    /// when the call's output is far larger than the cache (see <see cref="StreamingStores"/>); below,
    /// the output would have stayed cached and streaming it costs DRAM writes. The spans must be pinned
    /// (the kernels run on pinned pointers). Same values as Map: only the store kind differs.
    /// </summary>
    private static unsafe void MapNonTemporal<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> y, TOp op, NextRow next)
        where TOp : struct, IMapOp
    {
        int n = a.Length;
        RequireInputs(n, b.Length, TOp.ReadsB, c.Length, TOp.ReadsC);
        RequireOutput(n, y.Length);
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= 2 * Vector512<float>.Count)
        {
            // Peel to the vector's alignment: non-temporal stores must be aligned (the loads need not be).
            int peel = (int)(((nuint)64 - (nuint)Unsafe.AsPointer(ref ry) % 64) % 64 / sizeof(float));
            if ((nuint)Unsafe.AsPointer(ref ry) % sizeof(float) != 0) peel = n;
            for (; i < peel; i++) Unsafe.Add(ref ry, i) = Mapped<TOp, Float32Storage, float>(ref ra, ref rb, ref rc, i, op);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                next.Fetch(i);
                Vector512.StoreAlignedNonTemporal(Mapped512<TOp, Float32Storage, float>(ref ra, ref rb, ref rc, i, op),
                    (float*)Unsafe.AsPointer(ref Unsafe.Add(ref ry, i)));
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= 2 * Vector256<float>.Count)
        {
            // Peel to the vector's alignment: non-temporal stores must be aligned (the loads need not be).
            int peel = (int)(((nuint)32 - (nuint)Unsafe.AsPointer(ref ry) % 32) % 32 / sizeof(float));
            if ((nuint)Unsafe.AsPointer(ref ry) % sizeof(float) != 0) peel = n;
            for (; i < peel; i++) Unsafe.Add(ref ry, i) = Mapped<TOp, Float32Storage, float>(ref ra, ref rb, ref rc, i, op);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                next.Fetch(i);
                Vector256.StoreAlignedNonTemporal(Mapped256<TOp, Float32Storage, float>(ref ra, ref rb, ref rc, i, op),
                    (float*)Unsafe.AsPointer(ref Unsafe.Add(ref ry, i)));
            }
        }
        else if (Vector128.IsHardwareAccelerated && n >= 2 * Vector128<float>.Count)
        {
            // Peel to the vector's alignment: non-temporal stores must be aligned (the loads need not be).
            int peel = (int)(((nuint)16 - (nuint)Unsafe.AsPointer(ref ry) % 16) % 16 / sizeof(float));
            if ((nuint)Unsafe.AsPointer(ref ry) % sizeof(float) != 0) peel = n;
            for (; i < peel; i++) Unsafe.Add(ref ry, i) = Mapped<TOp, Float32Storage, float>(ref ra, ref rb, ref rc, i, op);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                next.Fetch(i);
                Vector128.StoreAlignedNonTemporal(Mapped128<TOp, Float32Storage, float>(ref ra, ref rb, ref rc, i, op),
                    (float*)Unsafe.AsPointer(ref Unsafe.Add(ref ry, i)));
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref ry, i) = Mapped<TOp, Float32Storage, float>(ref ra, ref rb, ref rc, i, op);
        // Order the write-combining stores before the row is handed back (a parallel join alone does not fence them).
        if (Sse.IsSupported) Sse.StoreFence();
    }
}
