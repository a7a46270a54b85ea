using ILGPU;
using ILGPU.Runtime;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Storage;

namespace NormLab.Cuda.Runtime;

/// <summary>One forward variant on the device: inputs uploaded, outputs allocated, plan chosen.</summary>
public sealed class PreparedRowNorm<T, TS> : IPreparedKernel where T : unmanaged where TS : struct, IStorage<T>
{
    private readonly List<MemoryBuffer> owned = [];
    private readonly MemoryBuffer1D<T, Stride1D.Dense> output;
    private readonly MemoryBuffer1D<T, Stride1D.Dense>? sum;
    private readonly Action<KernelConfig, RowNormArgs<T>> kernel;
    private readonly RowNormArgs<T> args;

    public PreparedRowNorm(Accelerator accelerator, KernelCache<T, TS> cache, RowNormSpec spec, ReadOnlySpan<float> x,
        ReadOnlySpan<float> residual, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, KernelVersion? version)
    {
        int rows = Validation.NormArguments.Rows(x.Length, spec.Width, nameof(x));
        if (spec.HasResidual) Validation.NormArguments.Required(residual.Length, x.Length, nameof(residual));
        Validation.NormArguments.Optional(gain.Length, spec.Width, nameof(gain));
        Validation.NormArguments.Optional(bias.Length, spec.Width, nameof(bias));
        if (rows == 0) throw new ArgumentException("x must hold at least one row.", nameof(x));

        Plan = version is { } v
            ? LaunchPlan.For(v, rows, spec.Width, accelerator.WarpSize, accelerator.MaxNumThreadsPerGroup)
            : LaunchPlan.Choose(rows, spec.Width, accelerator.WarpSize, accelerator.MaxNumThreadsPerGroup);
        kernel = cache.Forward(Plan.Version);

        var xb = Own(HostCopy.Upload<T, TS>(accelerator, x));
        var rb = spec.HasResidual ? Own(HostCopy.Upload<T, TS>(accelerator, residual)) : xb;
        output = Own(accelerator.Allocate1D<T>(x.Length));
        sum = spec.Mode == RowNormArgs<T>.PreNormResidual ? Own(accelerator.Allocate1D<T>(x.Length)) : null;
        var noPacks = Own(HostCopy.Placeholder<Pack4<T>>(accelerator));
        bool packed = spec.Width % 4 == 0;
        ArrayView<Pack4<T>> Packs(MemoryBuffer1D<T, Stride1D.Dense> b) => packed ? b.View.AsContiguous().Cast<Pack4<T>>() : noPacks.View;

        args = new RowNormArgs<T>
        {
            X = xb.View, Residual = rb.View, Output = output.View, Sum = (sum ?? output).View,
            X4 = Packs(xb), Residual4 = Packs(rb), Output4 = Packs(output), Sum4 = Packs(sum ?? output),
            Gain = FloatsOrPlaceholder(accelerator, gain), Bias = FloatsOrPlaceholder(accelerator, bias),
            Rows = rows, Width = spec.Width, StatCount = spec.StatCount, Kind = spec.Kind, Mode = spec.Mode,
            UseGain = gain.IsEmpty ? 0 : 1, UseBias = bias.IsEmpty ? 0 : 1,
            Divisor = spec.Divisor, Eps = (float)spec.Eps, OutScale = (float)spec.OutScale,
        };
        BytesMoved = (long)x.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() * spec.Mode switch
        {
            RowNormArgs<T>.NoResidual => 2,          // read x, write y
            RowNormArgs<T>.PeriOutputResidual => 3,  // read y and x, write h
            _ => 4,                                  // read x and y, write h and out
        };
    }

    public LaunchPlan Plan { get; }
    public string Name => Plan.Version.Tag();
    public long BytesMoved { get; }

    public void Launch() => kernel(Plan.Config, args);

    public float[] Output() => HostCopy.Download<T, TS>(output);

    /// <summary>h = x + y of the pre-norm step; null for the other variants.</summary>
    public float[]? Sum() => sum is null ? null : HostCopy.Download<T, TS>(sum);

    private ArrayView<float> FloatsOrPlaceholder(Accelerator accelerator, ReadOnlySpan<float> values) =>
        values.IsEmpty ? Own(HostCopy.Placeholder<float>(accelerator)).View : Own(accelerator.Allocate1D(values.ToArray())).View;

    private TB Own<TB>(TB buffer) where TB : MemoryBuffer
    {
        owned.Add(buffer);
        return buffer;
    }

    public void Dispose()
    {
        foreach (var b in owned) b.Dispose();
    }
}
