using NormLab.Cuda.Storage;

namespace NormLab.Cuda.Kernels;

/// <summary>Reading the value a row normalizes and writing its outputs, shared by every forward
/// kernel version so the per-element math exists once.</summary>
public static class RowAccess
{
    /// <summary>The value normalized at flat index k: x, or h = x + y for the pre-norm residual step.</summary>
    public static float Value<T, TS>(RowNormArgs<T> a, int k) where T : unmanaged where TS : struct, IStorage<T>
    {
        var s = default(TS);
        float v = s.Load(a.X[k]);
        if (a.Mode == RowNormArgs<T>.PreNormResidual) v += s.Load(a.Residual[k]);
        return v;
    }

    /// <summary>The output for value v at flat index k, feature i: ((n·g + b)·outScale) (+ residual after,
    /// Peri-LN), as stored; the pre-norm sum h is written too.</summary>
    public static void Emit<T, TS>(RowNormArgs<T> a, GpuRowStats stats, float v, int k, int i)
        where T : unmanaged where TS : struct, IStorage<T>
    {
        var s = default(TS);
        a.Output[k] = s.Store(Output<T, TS>(a, stats, v, k, i));
        if (a.Mode == RowNormArgs<T>.PreNormResidual) a.Sum[k] = s.Store(v);
    }

    public static float Output<T, TS>(RowNormArgs<T> a, GpuRowStats stats, float v, int k, int i)
        where T : unmanaged where TS : struct, IStorage<T>
    {
        float y = stats.Normalize(v);
        if (a.HasGain) y *= a.Gain[i];
        if (a.HasBias) y += a.Bias[i];
        y *= a.OutScale;
        if (a.Mode == RowNormArgs<T>.PeriOutputResidual) y += default(TS).Load(a.Residual[k]);
        return y;
    }

    /// <summary>Four values of pack p, widened (v3's vector load).</summary>
    public static Pack4<float> Value4<T, TS>(RowNormArgs<T> a, int p) where T : unmanaged where TS : struct, IStorage<T>
    {
        var v = Widen<T, TS>(a.X4[p]);
        if (a.Mode != RowNormArgs<T>.PreNormResidual) return v;
        var r = Widen<T, TS>(a.Residual4[p]);
        v.A += r.A; v.B += r.B; v.C += r.C; v.D += r.D;
        return v;
    }

    public static Pack4<float> Widen<T, TS>(Pack4<T> p) where T : unmanaged where TS : struct, IStorage<T>
    {
        var s = default(TS);
        return new Pack4<float> { A = s.Load(p.A), B = s.Load(p.B), C = s.Load(p.C), D = s.Load(p.D) };
    }

    public static Pack4<T> Narrow<T, TS>(Pack4<float> p) where T : unmanaged where TS : struct, IStorage<T>
    {
        var s = default(TS);
        return new Pack4<T> { A = s.Store(p.A), B = s.Store(p.B), C = s.Store(p.C), D = s.Store(p.D) };
    }
}
