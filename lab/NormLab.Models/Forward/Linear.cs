using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NormLab.Models.Forward;

/// <summary>
/// y = (x·Wᵀ) ⊙ rowScale + b for x (rows × in) and W (out × in). The optional per-row scale is
/// applied after the matmul and before the bias — FlashNorm's deferred 1/rms. Each y element is one
/// vectorized dot product (the same summation order whatever the tiling); 4 × 4 register tiles
/// reuse every loaded x and W vector four times, and 64 × 64 blocks of y go to the cores.
/// </summary>
public static class Linear
{
    private const int Tile = 4, Block = 64;
    /// <summary>Below this many multiply-adds a call runs on the calling thread (a wake-up costs more); <c>inline</c> forces it, for callers already parallel.</summary>
    private const long InlineWork = 1 << 17;

    public static T[] Apply<T>(T[] x, int rows, int inDim, T[] w, int outDim, T[]? bias, T[]? rowScale = null, bool inline = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != rows * inDim) throw new ArgumentException($"input has {x.Length} elements, expected {rows} × {inDim}.", nameof(x));
        if (w.Length != outDim * inDim) throw new ArgumentException($"weight has {w.Length} elements, expected {outDim} × {inDim}.", nameof(w));
        var y = new T[rows * outDim];
        int rowBlocks = (rows + Block - 1) / Block, outBlocks = (outDim + Block - 1) / Block;
        void Run(int b)
        {
            int r0 = b / outBlocks * Block, o0 = b % outBlocks * Block;
            BlockProduct(x, w, y, inDim, outDim, r0, Math.Min(rows, r0 + Block), o0, Math.Min(outDim, o0 + Block));
        }
        if (inline || (long)rows * outDim * inDim < InlineWork) for (int b = 0; b < rowBlocks * outBlocks; b++) Run(b);
        else Parallel.For(0, rowBlocks * outBlocks, Run);
        if (rowScale is not null || bias is not null)
            for (int r = 0; r < rows; r++)
                for (int o = 0; o < outDim; o++)
                {
                    ref T v = ref y[r * outDim + o];
                    if (rowScale is not null) v *= rowScale[r];
                    if (bias is not null) v += bias[o];
                }
        return y;
    }

    private static void BlockProduct<T>(T[] x, T[] w, T[] y, int inDim, int outDim, int r0, int r1, int o0, int o1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> tile = stackalloc T[Tile * Tile];
        for (int r = r0; r < r1; r += Tile)
            for (int o = o0; o < o1; o += Tile)
            {
                if (r + Tile <= r1 && o + Tile <= o1)
                {
                    Tile4x4(x, w, inDim, r, o, tile);
                    for (int i = 0; i < Tile; i++)
                        for (int j = 0; j < Tile; j++) y[(r + i) * outDim + o + j] = tile[i * Tile + j];
                    continue;
                }
                for (int i = r; i < Math.Min(r + Tile, r1); i++)
                    for (int j = o; j < Math.Min(o + Tile, o1); j++)
                        y[i * outDim + j] = Dot(new ReadOnlySpan<T>(x, i * inDim, inDim), new ReadOnlySpan<T>(w, j * inDim, inDim));
            }
    }

    /// <summary>Sixteen dot products of rows r..r+3 of x with rows o..o+3 of W, each summed like <see cref="Dot{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x4<T>(T[] x, T[] w, int n, int r, int o, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref T w0 = ref MemoryMarshal.GetArrayDataReference(w);
        nuint a0 = (nuint)(r * n), a1 = a0 + (nuint)n, a2 = a1 + (nuint)n, a3 = a2 + (nuint)n;
        nuint b0 = (nuint)(o * n), b1 = b0 + (nuint)n, b2 = b1 + (nuint)n, b3 = b2 + (nuint)n;
        Vector<T> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default;
        Vector<T> s20 = default, s21 = default, s22 = default, s23 = default, s30 = default, s31 = default, s32 = default, s33 = default;
        int k = 0;
        for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
        {
            nuint kk = (nuint)k;
            var v0 = Vector.LoadUnsafe(ref w0, b0 + kk); var v1 = Vector.LoadUnsafe(ref w0, b1 + kk);
            var v2 = Vector.LoadUnsafe(ref w0, b2 + kk); var v3 = Vector.LoadUnsafe(ref w0, b3 + kk);
            var u = Vector.LoadUnsafe(ref x0, a0 + kk);
            s00 += u * v0; s01 += u * v1; s02 += u * v2; s03 += u * v3;
            u = Vector.LoadUnsafe(ref x0, a1 + kk);
            s10 += u * v0; s11 += u * v1; s12 += u * v2; s13 += u * v3;
            u = Vector.LoadUnsafe(ref x0, a2 + kk);
            s20 += u * v0; s21 += u * v1; s22 += u * v2; s23 += u * v3;
            u = Vector.LoadUnsafe(ref x0, a3 + kk);
            s30 += u * v0; s31 += u * v1; s32 += u * v2; s33 += u * v3;
        }
        Span<Vector<T>> sums = [s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33];
        for (int i = 0; i < Tile; i++)
            for (int j = 0; j < Tile; j++)
            {
                T s = Vector.Sum(sums[i * Tile + j]);
                for (int t = k; t < n; t++) s += x[(r + i) * n + t] * w[(o + j) * n + t];
                result[i * Tile + j] = s;
            }
    }

    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = a.Length, i = 0;
        var acc = Vector<T>.Zero;
        for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            acc += new Vector<T>(a.Slice(i)) * new Vector<T>(b.Slice(i));
        T s = Vector.Sum(acc);
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }
}
