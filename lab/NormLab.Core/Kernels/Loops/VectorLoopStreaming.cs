using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormLab.Kernels.Loops;

public static partial class VectorLoop
{
    /// <summary>
    /// <see cref="Map{TMode, TOp}"/> with non-temporal vector stores: the output goes to memory without
    /// first being read into the cache (no read-for-ownership) and without evicting the inputs. Pays
    /// when the call's output is far larger than the cache (see <see cref="StreamingStores"/>); below,
    /// the output would have stayed cached and streaming it costs DRAM writes. The spans must be pinned
    /// (the kernels run on pinned pointers). Same values as Map: only the store kind differs.
    /// </summary>
    private static unsafe void MapNonTemporal<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> y, TOp op)
        where TOp : struct, IMapOp
    {
        int n = a.Length;
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
            for (; i < peel; i++) Unsafe.Add(ref ry, i) = op.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), Unsafe.Add(ref rc, i));
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                Vector512.StoreAlignedNonTemporal(op.Invoke(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i),
                    Vector512.LoadUnsafe(ref rc, (nuint)i)), (float*)Unsafe.AsPointer(ref Unsafe.Add(ref ry, i)));
        }
        else if (Vector256.IsHardwareAccelerated && n >= 2 * Vector256<float>.Count)
        {
            // Peel to the vector's alignment: non-temporal stores must be aligned (the loads need not be).
            int peel = (int)(((nuint)32 - (nuint)Unsafe.AsPointer(ref ry) % 32) % 32 / sizeof(float));
            if ((nuint)Unsafe.AsPointer(ref ry) % sizeof(float) != 0) peel = n;
            for (; i < peel; i++) Unsafe.Add(ref ry, i) = op.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), Unsafe.Add(ref rc, i));
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                Vector256.StoreAlignedNonTemporal(op.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i),
                    Vector256.LoadUnsafe(ref rc, (nuint)i)), (float*)Unsafe.AsPointer(ref Unsafe.Add(ref ry, i)));
        }
        else if (Vector128.IsHardwareAccelerated && n >= 2 * Vector128<float>.Count)
        {
            // Peel to the vector's alignment: non-temporal stores must be aligned (the loads need not be).
            int peel = (int)(((nuint)16 - (nuint)Unsafe.AsPointer(ref ry) % 16) % 16 / sizeof(float));
            if ((nuint)Unsafe.AsPointer(ref ry) % sizeof(float) != 0) peel = n;
            for (; i < peel; i++) Unsafe.Add(ref ry, i) = op.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), Unsafe.Add(ref rc, i));
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                Vector128.StoreAlignedNonTemporal(op.Invoke(Vector128.LoadUnsafe(ref ra, (nuint)i), Vector128.LoadUnsafe(ref rb, (nuint)i),
                    Vector128.LoadUnsafe(ref rc, (nuint)i)), (float*)Unsafe.AsPointer(ref Unsafe.Add(ref ry, i)));
        }
        for (; i < n; i++)
            Unsafe.Add(ref ry, i) = op.Invoke(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), Unsafe.Add(ref rc, i));
        // Order the write-combining stores before the row is handed back (a parallel join alone does not fence them).
        if (Sse.IsSupported) Sse.StoreFence();
    }
}
