using ILGPU;
using NormLab.Cuda.Storage;
using NormLab.Cuda.Teams;

namespace NormLab.Cuda.Kernels;

/// <summary>
/// FlashNorm's pieces, float32: out = (x·W* − μ·colsum(W*)) · inv + c, with W* = diag(g)·W folded on
/// the host, μ and inv the row statistics (μ only for the LayerNorm form). X is rows × D, W is
/// D × N, both row-major.
/// </summary>
public struct FlashArgs
{
    public ArrayView<float> X, W, ColumnSums, Bias, Mean, Inv, Output;
    public int Rows, D, N;
    public int Centred, UseBias;   // 0/1 (kernel parameters must be blittable)

    /// <summary>The deferred normalization applied to one accumulated dot product.</summary>
    public float Finish(float dot, int row, int col)
    {
        if (Centred != 0) dot -= Mean[row] * ColumnSums[col];
        dot *= Inv[row];
        return UseBias != 0 ? dot + Bias[col] : dot;
    }
}

public static class FlashNormKernels
{
    public const int Tile = 8; // 64 threads: fits the CPU accelerator's blocks; GPUs use cuBLAS

    /// <summary>The per-row statistics the epilogue needs (one team per row, the forward's passes).</summary>
    public static void RowStatistics<TTeam>(RowNormArgs<float> a, ArrayView<float> mean, ArrayView<float> inv)
        where TTeam : struct, IRowTeam
    {
        var team = default(TTeam);
        int row = team.Row;
        bool active = row < a.Rows;
        var stats = RowNormKernels.TeamStats<TTeam, float, F32Storage>(a, active ? row : a.Rows - 1);
        if (!active || team.Lane != 0) return;
        mean[row] = stats.Shift + stats.Offset;
        inv[row] = stats.Inv;
    }

    /// <summary>
    /// GEMM with the FlashNorm epilogue fused, for accelerators without cuBLAS (the CPU accelerator):
    /// Tile × Tile output tiles, the matching strips of X and W staged through shared memory.
    /// Launch: groups (ceil(N/Tile), ceil(Rows/Tile)), Tile × Tile threads.
    /// </summary>
    public static void TiledGemmEpilogue(FlashArgs a)
    {
        var xs = SharedMemory.Allocate<float>(Tile * Tile);
        var ws = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int col = Grid.IdxX * Tile + tx, row = Grid.IdxY * Tile + ty;
        float dot = 0;
        for (int k0 = 0; k0 < a.D; k0 += Tile)
        {
            xs[ty * Tile + tx] = row < a.Rows && k0 + tx < a.D ? a.X[row * a.D + k0 + tx] : 0f;
            ws[ty * Tile + tx] = k0 + ty < a.D && col < a.N ? a.W[(k0 + ty) * a.N + col] : 0f;
            Group.Barrier();
            for (int k = 0; k < Tile; k++) dot += xs[ty * Tile + k] * ws[k * Tile + tx];
            Group.Barrier();
        }
        if (row < a.Rows && col < a.N) a.Output[row * a.N + col] = a.Finish(dot, row, col);
    }

    /// <summary>The epilogue alone, in place over a GEMM result (the cuBLAS path): one thread per element.</summary>
    public static void Epilogue(Index1D index, FlashArgs a)
    {
        int row = index / a.N, col = index - row * a.N;
        a.Output[index] = a.Finish(a.Output[index], row, col);
    }
}
