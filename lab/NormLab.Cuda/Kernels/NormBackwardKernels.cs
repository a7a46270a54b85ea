using ILGPU;
using NormLab.Cuda.Storage;
using NormLab.Cuda.Teams;

namespace NormLab.Cuda.Kernels;

/// <summary>What the backward kernel reads and writes: the forward's arguments (x, gain, eps, kind)
/// plus dy, dx, and the float32 parameter gradients it accumulates over rows.</summary>
public struct NormBackwardArgs<T> where T : unmanaged
{
    public RowNormArgs<T> Forward;
    public ArrayView<T> Dy, Dx;
    public ArrayView<float> DGain, DBias;
    public ArrayView<int> Poisoned; // one flag: some row's parameter-gradient term was NaN/±Inf
    public int AccumulateGrads;     // 0/1: accumulate dgain and dbias
}

/// <summary>
/// Backward of LayerNorm and RMSNorm, one body for both teams (v1 warp per row, v2 block per row).
/// With n = normalized x and dn = dy ⊙ g: dx = (dn − mean(dn) − n·mean(dn ⊙ n)) · inv, the mean(dn)
/// term only for LayerNorm. dgain += dy ⊙ n, dbias += dy, by float atomics across rows; a non-finite
/// row makes n NaN, which poisons dx and both parameter gradients as the reference does.
/// </summary>
public static class NormBackwardKernels
{
    public static void TeamBackward<TTeam, T, TS>(NormBackwardArgs<T> a)
        where TTeam : struct, IRowTeam where T : unmanaged where TS : struct, IStorage<T>
    {
        var team = default(TTeam);
        var s = default(TS);
        var f = a.Forward;
        int row = team.Row;
        bool active = row < f.Rows;
        if (!active) row = f.Rows - 1;
        var stats = RowNormKernels.TeamStats<TTeam, T, TS>(f, row);
        int rowBase = row * f.Width;

        float sumDn = 0, sumDnN = 0;
        for (int i = team.Lane; i < f.Width; i += team.Size)
        {
            float n = stats.Normalize(s.Load(f.X[rowBase + i]));
            float dn = s.Load(a.Dy[rowBase + i]) * (f.HasGain ? f.Gain[i] : 1f);
            sumDn += dn;
            sumDnN += dn * n;
        }
        sumDn = team.Sum(sumDn);
        sumDnN = team.Sum(sumDnN);
        if (!active) return;

        float meanDn = f.Kind == RowNormArgs<T>.LayerNormKind ? sumDn / f.Width : 0f;
        float meanDnN = sumDnN / f.Width;
        for (int i = team.Lane; i < f.Width; i += team.Size)
        {
            float n = stats.Normalize(s.Load(f.X[rowBase + i]));
            float dy = s.Load(a.Dy[rowBase + i]);
            float dn = dy * (f.HasGain ? f.Gain[i] : 1f);
            a.Dx[rowBase + i] = s.Store((dn - meanDn - n * meanDnN) * stats.Inv);
            if (a.AccumulateGrads == 0) continue;
            float gainTerm = dy * n;
            if (float.IsFinite(gainTerm) && float.IsFinite(dy))
            {
                Atomic.Add(ref a.DGain[i], gainTerm);
                Atomic.Add(ref a.DBias[i], dy);
            }
            else Atomic.Or(ref a.Poisoned[0], 1);
        }
    }
}
