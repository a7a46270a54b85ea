using NormLab.Cuda.Storage;
using NormLab.Cuda.Teams;

namespace NormLab.Cuda.Kernels;

/// <summary>
/// The forward kernel bodies. Numbered versions (see <see cref="KernelVersion"/>) are instances:
/// v1 = <see cref="TeamForward{TTeam,T,TS}"/> with <see cref="WarpTeam"/>, v2 = the same with
/// <see cref="BlockTeam"/>, v3 = <see cref="VectorForward{T,TS}"/> (block per row, 4-element packs).
/// Each reads the row three times (two statistic passes, one output pass); on a GPU the second and
/// third reads of a row hit L1/L2.
/// </summary>
public static class RowNormKernels
{
    public static void TeamForward<TTeam, T, TS>(RowNormArgs<T> a)
        where TTeam : struct, IRowTeam where T : unmanaged where TS : struct, IStorage<T>
    {
        var team = default(TTeam);
        int row = team.Row;
        bool active = row < a.Rows;
        // A warp past the last row still joins the reductions (on a clamped row) but writes nothing.
        var stats = TeamStats<TTeam, T, TS>(a, active ? row : a.Rows - 1);
        if (!active) return;
        int rowBase = row * a.Width;
        for (int i = team.Lane; i < a.Width; i += team.Size)
            RowAccess.Emit<T, TS>(a, stats, RowAccess.Value<T, TS>(a, rowBase + i), rowBase + i, i);
    }

    /// <summary>The two statistic passes over one row, reduced across the team.</summary>
    public static GpuRowStats TeamStats<TTeam, T, TS>(RowNormArgs<T> a, int row)
        where TTeam : struct, IRowTeam where T : unmanaged where TS : struct, IStorage<T>
    {
        var team = default(TTeam);
        int rowBase = row * a.Width;
        float shift = a.Kind == RowNormArgs<T>.LayerNormKind ? RowAccess.Value<T, TS>(a, rowBase) : 0f;
        var first = default(GpuRowStats.FirstPass);
        for (int i = team.Lane; i < a.Width; i += team.Size)
            first.Add(RowAccess.Value<T, TS>(a, rowBase + i), shift, i < a.StatCount);
        float sum = team.Sum(first.Sum);
        float maxAbs = team.Max(first.MaxAbs);
        float nonFinite = team.Sum(first.NonFinite);
        var (offset, invScale) = GpuRowStats.Centre(a, sum, maxAbs);
        var squares = default(CompensatedSum);
        for (int i = team.Lane; i < a.StatCount; i += team.Size)
            squares.Add(GpuRowStats.ScaledSquare(RowAccess.Value<T, TS>(a, rowBase + i), shift, offset, invScale));
        return GpuRowStats.Finish(a, shift, offset, sum, invScale, team.Sum(squares), nonFinite);
    }

    /// <summary>v3: a block per row, each thread moving 4 consecutive elements per load (Width % 4 == 0).</summary>
    public static void VectorForward<T, TS>(RowNormArgs<T> a) where T : unmanaged where TS : struct, IStorage<T>
    {
        var team = default(BlockTeam);
        int row = team.Row;
        int packs = a.Width / 4;
        int packBase = row * packs;
        float shift = a.Kind == RowNormArgs<T>.LayerNormKind ? RowAccess.Value<T, TS>(a, row * a.Width) : 0f;

        var first = default(GpuRowStats.FirstPass);
        for (int p = team.Lane; p < packs; p += team.Size)
        {
            var v = RowAccess.Value4<T, TS>(a, packBase + p);
            int i = 4 * p;
            first.Add(v.A, shift, i < a.StatCount);
            first.Add(v.B, shift, i + 1 < a.StatCount);
            first.Add(v.C, shift, i + 2 < a.StatCount);
            first.Add(v.D, shift, i + 3 < a.StatCount);
        }
        float sum = team.Sum(first.Sum);
        float maxAbs = team.Max(first.MaxAbs);
        float nonFinite = team.Sum(first.NonFinite);
        var (offset, invScale) = GpuRowStats.Centre(a, sum, maxAbs);

        var squares = default(CompensatedSum);
        for (int p = team.Lane; 4 * p < a.StatCount; p += team.Size)
        {
            var v = RowAccess.Value4<T, TS>(a, packBase + p);
            int i = 4 * p;
            squares.Add(GpuRowStats.ScaledSquare(v.A, shift, offset, invScale));
            if (i + 1 < a.StatCount) squares.Add(GpuRowStats.ScaledSquare(v.B, shift, offset, invScale));
            if (i + 2 < a.StatCount) squares.Add(GpuRowStats.ScaledSquare(v.C, shift, offset, invScale));
            if (i + 3 < a.StatCount) squares.Add(GpuRowStats.ScaledSquare(v.D, shift, offset, invScale));
        }
        var stats = GpuRowStats.Finish(a, shift, offset, sum, invScale, team.Sum(squares), nonFinite);

        for (int p = team.Lane; p < packs; p += team.Size)
        {
            var v = RowAccess.Value4<T, TS>(a, packBase + p);
            int k = 4 * (packBase + p), i = 4 * p;
            var y = new Pack4<float>
            {
                A = RowAccess.Output<T, TS>(a, stats, v.A, k, i),
                B = RowAccess.Output<T, TS>(a, stats, v.B, k + 1, i + 1),
                C = RowAccess.Output<T, TS>(a, stats, v.C, k + 2, i + 2),
                D = RowAccess.Output<T, TS>(a, stats, v.D, k + 3, i + 3),
            };
            a.Output4[packBase + p] = RowAccess.Narrow<T, TS>(y);
            if (a.Mode == RowNormArgs<T>.PreNormResidual) a.Sum4[packBase + p] = RowAccess.Narrow<T, TS>(v);
        }
    }
}
