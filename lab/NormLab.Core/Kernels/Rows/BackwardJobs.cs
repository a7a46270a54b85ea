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
/// The row's stats are kept for the parameter-gradient pass.
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
        var s = statistic.Compute<TMode>(xr, eps);
        stats[row] = s;
        if (s.NonFinite) { dxr.Fill(float.NaN); return; }
        if (hasGain) Apply<GainOnly>(xr, dyr, new ReadOnlySpan<float>(gain, width), s, dxr);
        else Apply<NoAffine>(xr, dyr, dyr, s, dxr);
    }

    private void Apply<TAffine>(ReadOnlySpan<float> xr, ReadOnlySpan<float> dyr, ReadOnlySpan<float> g, RowStats s, Span<float> dxr)
        where TAffine : struct, IAffineShape
    {
        var (sumDn, sumDnN) = VectorLoop.Reduce<TMode, BackwardMomentsOp<TAffine>>(xr, dyr, g,
            new BackwardMomentsOp<TAffine>(s.Shift, s.Delta, s.Scale));
        double meanDnN = sumDnN / d;
        double meanDn = form switch
        {
            BackwardForm.LayerNorm => sumDn / d,
            BackwardForm.Rms => 0,
            _ => VectorLoop.Reduce<TMode, SumOp>(xr, xr, xr, default).Item1 * s.Scale * meanDnN,
        };
        VectorLoop.Map<TMode, InputGradOp<TAffine>>(xr, dyr, g, dxr,
            new InputGradOp<TAffine>(s.Shift, s.Delta, s.Scale, (float)meanDn, (float)meanDnN));
    }
}

/// <summary>
/// dgain += Σ_rows dy ⊙ n and dbias += Σ_rows dy for one block of columns. Parallel over column
/// blocks (each owned by one thread), so the sums over rows need no locks and no per-thread copies.
/// </summary>
public readonly unsafe struct ParameterGradJob<TMode>(float* x, float* dy, int rows, int width, RowStats* stats, float* dgain,
    int dgainLength, float* dbias, int dbiasLength) : IRowJob where TMode : struct, ILoopMode
{
    public const int BlockColumns = 256;

    public void Execute(int block)
    {
        int start = block * BlockColumns, count = Math.Min(BlockColumns, width - start);
        var dg = new Span<float>(dgain + start, dgainLength == 0 ? 0 : count);
        var db = new Span<float>(dbias + start, dbiasLength == 0 ? 0 : count);
        for (int r = 0; r < rows; r++)
        {
            var s = stats[r];
            if (s.NonFinite) continue;
            long at = (long)r * width + start;
            var xr = new ReadOnlySpan<float>(x + at, count);
            var dyr = new ReadOnlySpan<float>(dy + at, count);
            if (!dg.IsEmpty) VectorLoop.Map<TMode, GainGradOp>(dg, dyr, xr, dg, new GainGradOp(s.Shift, s.Delta, s.Scale));
            if (!db.IsEmpty) VectorLoop.Map<TMode, AddOp>(db, dyr, dyr, db, default);
        }
    }
}
