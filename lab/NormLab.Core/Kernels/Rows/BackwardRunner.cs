using System.Buffers;
using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>
/// Backward for LN/RMS/CRMS: a row-parallel pass for dx (which records each row's stats in a pooled
/// buffer), then a column-parallel pass accumulating dgain/dbias. A row holding NaN/Inf gives an
/// all-NaN dx row and poisons dgain/dbias, as the references do.
/// </summary>
public static unsafe class BackwardRunner
{
    public static void Run<TMode, TStat>(ReadOnlySpan<float> x, int width, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, float eps,
        BackwardForm form, TStat statistic, Span<float> dx, Span<float> dgain, Span<float> dbias)
        where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
    {
        int rows = x.Length / width;
        RowStats[] stats = ArrayPool<RowStats>.Shared.Rent(Math.Max(rows, 1));
        try
        {
            fixed (float* px = x, pg = gain, pdy = dy, pdx = dx, pdg = dgain, pdb = dbias)
            fixed (RowStats* ps = stats)
            {
                RowParallel.For(rows, width,
                    new InputGradJob<TMode, TStat>(px, pdy, pg, !gain.IsEmpty, pdx, width, d, eps, form, statistic, ps));
                if (dgain.IsEmpty && dbias.IsEmpty) return;
                int blocks = (width + ParameterGradJob<TMode>.BlockColumns - 1) / ParameterGradJob<TMode>.BlockColumns;
                RowParallel.For(blocks, (long)rows * ParameterGradJob<TMode>.BlockColumns,
                    new ParameterGradJob<TMode>(px, pdy, rows, width, ps, pdg, dgain.Length, pdb, dbias.Length));
            }
            for (int r = 0; r < rows; r++)
            {
                if (!stats[r].NonFinite) continue;
                dgain.Fill(float.NaN);
                dbias.Fill(float.NaN);
                break;
            }
        }
        finally
        {
            ArrayPool<RowStats>.Shared.Return(stats);
        }
    }
}
