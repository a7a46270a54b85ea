using NormLab.Kernels.Loops;

namespace NormLab.Kernels.Rows;

/// <summary>Which backward formula a row uses (they differ only in the constant term meanDn).</summary>
public enum BackwardForm
{
    LayerNorm,
    Rms,
    CRms,
}

/// <summary>
/// dx for one row: statistic, (Σdn, Σdn·n) in one read, then dx = (dn − meanDn − n·meanDnN)·scale.
/// meanDnN = Σdn·n / d; meanDn = Σdn/d (LN), 0 (RMS), (Σx̂/r)·meanDnN (CRMS, from ∂r/∂x̂_j = (x̂_j + Σx̂)/(d·r)).
/// The row's stats are kept for the parameter-gradient pass. The sums accumulate in float64
/// (<see cref="VectorLoop.ReduceWide{TMode, TOp}"/>): CRMSNorm amplifies their error by s/r ≤ √d.
/// </summary>
public readonly unsafe struct InputGradJob<TMode, TStat>(float* x, float* dy, float* gain, bool hasGain, float* dx, int width, int d,
    float eps, BackwardForm form, TStat statistic, RowStats* stats) : IRowJob
    where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
{
    public void Execute(int row)
    {
        long at = (long)row * width;
        var xr = new ReadOnlySpan<float>(x + at, width);
        var dyr = new ReadOnlySpan<float>(dy + at, width);
        var dxr = new Span<float>(dx + at, width);
        var s = statistic.Compute<TMode, Float32Storage, float>(xr, eps);
        stats[row] = s;
        if (s.NonFinite) { dxr.Fill(float.NaN); return; }
        if (hasGain) Apply<GainOnly>(xr, dyr, new ReadOnlySpan<float>(gain, width), s, dxr);
        else Apply<NoAffine>(xr, dyr, dyr, s, dxr);
    }

    private void Apply<TAffine>(ReadOnlySpan<float> xr, ReadOnlySpan<float> dyr, ReadOnlySpan<float> g, RowStats s, Span<float> dxr)
        where TAffine : struct, IAffineShape
    {
        var (sumDn, sumDnN) = VectorLoop.ReduceWide<TMode, BackwardMomentsOp<TAffine>>(xr, dyr, g,
            new BackwardMomentsOp<TAffine>(s.Shift, s.Delta, s.Scale));
        double meanDnN = sumDnN / d;
        double meanDn = form switch
        {
            BackwardForm.LayerNorm => sumDn / d,
            BackwardForm.Rms => 0,
            _ => VectorLoop.ReduceWide<TMode, SumOp>(xr, xr, xr, default).Item1 * s.Scale * meanDnN,
        };
        VectorLoop.Map<TMode, InputGradOp<TAffine>>(xr, dyr, g, dxr,
            new InputGradOp<TAffine>(s.Shift, s.Delta, s.Scale, (float)meanDn, (float)meanDnN));
    }
}

/// <summary>
/// dgain += Σ_rows dy ⊙ n and dbias += Σ_rows dy for one block of columns. Parallel over column
/// blocks (each owned by one thread), so the sums over rows need no locks and no per-thread copies.
/// Blocked like <see cref="VectorLoop.Reduce{TMode, TOp}"/>: groups of <see cref="RowGroup"/> rows are
/// summed in float32 on the stack, group sums in float64, so the error does not grow with the row
/// count (a plain float32 running sum over 4096 rows loses ~√4096·ε relative: hundreds of ULPs).
/// </summary>
public readonly unsafe struct ParameterGradJob<TMode>(float* x, float* dy, int rows, int width, RowStats* stats, float* dgain,
    int dgainLength, float* dbias, int dbiasLength) : IRowJob where TMode : struct, ILoopMode
{
    public const int BlockColumns = 256;
    public const int RowGroup = 16;

    public void Execute(int block)
    {
        int start = block * BlockColumns, count = Math.Min(BlockColumns, width - start);
        Span<float> groupGain = stackalloc float[count], groupBias = stackalloc float[count];
        Span<double> totalGain = stackalloc double[count], totalBias = stackalloc double[count];
        totalGain.Clear();
        totalBias.Clear();
        for (int first = 0; first < rows; first += RowGroup)
        {
            groupGain.Clear();
            groupBias.Clear();
            for (int r = first; r < Math.Min(rows, first + RowGroup); r++)
            {
                var s = stats[r];
                if (s.NonFinite) continue;
                long at = (long)r * width + start;
                var xr = new ReadOnlySpan<float>(x + at, count);
                var dyr = new ReadOnlySpan<float>(dy + at, count);
                if (dgainLength != 0) VectorLoop.Map<TMode, GainGradOp>(groupGain, dyr, xr, groupGain, new GainGradOp(s.Shift, s.Delta, s.Scale));
                if (dbiasLength != 0) VectorLoop.Map<TMode, AddOp>(groupBias, dyr, dyr, groupBias, default);
            }
            for (int j = 0; j < count; j++)
            {
                totalGain[j] += groupGain[j];
                totalBias[j] += groupBias[j];
            }
        }
        for (int j = 0; j < count; j++)
        {
            if (dgainLength != 0) dgain[start + j] = (float)(dgain[start + j] + totalGain[j]);
            if (dbiasLength != 0) dbias[start + j] = (float)(dbias[start + j] + totalBias[j]);
        }
    }
}
