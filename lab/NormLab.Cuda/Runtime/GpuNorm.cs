using NormLab.Kernels;
using ILGPU.Runtime;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Storage;
using NormLab.Reference;
using NormLab.Validation;

namespace NormLab.Cuda.Runtime;

/// <summary>Result of a forward run: the output, the pre-norm sum h where there is one, and the launch used.</summary>
public sealed record RowNormResult(float[] Output, float[]? Sum, LaunchPlan Plan);

/// <summary>Result of a backward run; DGain/DBias are null unless asked for.</summary>
public sealed record NormBackwardResult(float[] Dx, float[]? DGain, float[]? DBias, LaunchPlan Plan);

/// <summary>
/// The GPU kernels behind a host API of float32 arrays: each call uploads (rounding to the storage
/// dtype), launches the chosen or given kernel version, waits, and downloads widened to float32.
/// </summary>
public sealed class GpuNorm
{
    private readonly KernelCache<float, F32Storage> f32;
    private readonly KernelCache<ILGPU.Half, F16Storage> f16;

    public GpuNorm(GpuDevice device)
    {
        Device = device;
        f32 = new KernelCache<float, F32Storage>(device.Accelerator);
        f16 = new KernelCache<ILGPU.Half, F16Storage>(device.Accelerator);
    }

    public GpuDevice Device { get; }
    private Accelerator Accelerator => Device.Accelerator;

    /// <summary>A forward variant, ready to launch repeatedly (what the benchmark times).</summary>
    public IPreparedKernel PrepareForward(RowNormSpec spec, Dtype dtype, ReadOnlySpan<float> x, ReadOnlySpan<float> residual,
        ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, KernelVersion? version = null) => dtype == Dtype.Float32
        ? new PreparedRowNorm<float, F32Storage>(Accelerator, f32, spec, x, residual, gain, bias, version)
        : new PreparedRowNorm<ILGPU.Half, F16Storage>(Accelerator, f16, spec, x, residual, gain, bias, version);

    public RowNormResult Forward(RowNormSpec spec, Dtype dtype, ReadOnlySpan<float> x, ReadOnlySpan<float> residual,
        ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, KernelVersion? version = null)
    {
        using var prepared = PrepareForward(spec, dtype, x, residual, gain, bias, version);
        prepared.Launch();
        Accelerator.Synchronize();
        return prepared switch
        {
            PreparedRowNorm<float, F32Storage> p => new RowNormResult(p.Output(), p.Sum(), p.Plan),
            PreparedRowNorm<ILGPU.Half, F16Storage> p => new RowNormResult(p.Output(), p.Sum(), p.Plan),
            _ => throw new InvalidOperationException("unknown prepared kernel"),
        };
    }

    /// <summary>LayerNorm or RMSNorm backward: dx, and (when <paramref name="parameterGrads"/>) dgain and
    /// dbias summed over rows. Versions v1 and v2 (v3 is forward only; the chooser's v3 maps to v2).</summary>
    public NormBackwardResult Backward(NormKind kind, int d, double eps, Dtype dtype, ReadOnlySpan<float> x,
        ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, bool parameterGrads, KernelVersion? version = null) => dtype == Dtype.Float32
        ? Backward(f32, kind, d, eps, x, gain, dy, parameterGrads, version)
        : Backward(f16, kind, d, eps, x, gain, dy, parameterGrads, version);

    private NormBackwardResult Backward<T, TS>(KernelCache<T, TS> cache, NormKind kind, int d, double eps, ReadOnlySpan<float> x,
        ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, bool parameterGrads, KernelVersion? version)
        where T : unmanaged where TS : struct, IStorage<T>
    {
        var spec = kind == NormKind.LayerNorm ? RowNormSpec.LayerNorm(d, eps) : RowNormSpec.RmsNorm(d, eps);
        int rows = NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Required(dy.Length, x.Length, nameof(dy));
        NormArguments.Optional(gain.Length, d, nameof(gain));
        if (rows == 0) throw new ArgumentException("x must hold at least one row.", nameof(x));
        var chosen = version ?? LaunchPlan.Choose(rows, d, Accelerator.WarpSize, Accelerator.MaxNumThreadsPerGroup).Version;
        if (chosen == KernelVersion.V3BlockVector4) chosen = KernelVersion.V2BlockPerRow;
        var plan = LaunchPlan.For(chosen, rows, d, Accelerator.WarpSize, Accelerator.MaxNumThreadsPerGroup);

        using var xb = HostCopy.Upload<T, TS>(Accelerator, x);
        using var dyb = HostCopy.Upload<T, TS>(Accelerator, dy);
        using var dxb = Accelerator.Allocate1D<T>(x.Length);
        using var gb = gain.IsEmpty ? HostCopy.Placeholder<float>(Accelerator) : Accelerator.Allocate1D(gain.ToArray());
        using var dgb = Accelerator.Allocate1D<float>(parameterGrads ? d : 1);
        using var dbb = Accelerator.Allocate1D<float>(parameterGrads ? d : 1);
        using var packs = HostCopy.Placeholder<Storage.Pack4<T>>(Accelerator);
        using var poisoned = Accelerator.Allocate1D<int>(1);
        poisoned.MemSetToZero();
        dgb.MemSetToZero();
        dbb.MemSetToZero();
        var args = new NormBackwardArgs<T>
        {
            Forward = new RowNormArgs<T>
            {
                X = xb.View, Residual = xb.View, Output = dxb.View, Sum = dxb.View,
                X4 = packs.View, Residual4 = packs.View, Output4 = packs.View, Sum4 = packs.View,
                Gain = gb.View, Bias = gb.View, UseGain = gain.IsEmpty ? 0 : 1,
                Rows = rows, Width = d, StatCount = d, Divisor = d, Kind = spec.Kind, Eps = (float)eps, OutScale = 1,
            },
            Dy = dyb.View, Dx = dxb.View, DGain = dgb.View, DBias = dbb.View, Poisoned = poisoned.View,
            AccumulateGrads = parameterGrads ? 1 : 0,
        };
        cache.Backward(plan.Version)(plan.Config, args);
        Accelerator.Synchronize();
        if (!parameterGrads) return new NormBackwardResult(HostCopy.Download<T, TS>(dxb), null, null, plan);
        float[] dgain = dgb.GetAsArray1D(), dbias = dbb.GetAsArray1D();
        if (poisoned.GetAsArray1D()[0] != 0)
        {
            Array.Fill(dgain, float.NaN);
            Array.Fill(dbias, float.NaN);
        }
        return new NormBackwardResult(HostCopy.Download<T, TS>(dxb), dgain, dbias, plan);
    }

}
