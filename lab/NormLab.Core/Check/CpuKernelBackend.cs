using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Check;

/// <summary>The CPU kernels of the registry: "scalar" (plain float32 loops) or "simd" (Vector128/256/512), both over all cores.</summary>
public sealed class CpuKernelBackend : IKernelBackend
{
    public static readonly CpuKernelBackend Scalar = new("scalar", simd: false);
    public static readonly CpuKernelBackend Simd = new("simd", simd: true);

    private readonly bool _simd;

    private CpuKernelBackend(string name, bool simd) => (Name, _simd) = (name, simd);

    public string Name { get; }

    /// <summary>The storage types the variant's entry lists for the CPU.</summary>
    public bool Supports(NormVariant variant, Dtype dtype) => VariantRegistry.Of(variant).CpuDtypes.Contains(dtype);

    public float[][] Run(CheckCase c)
    {
        var entry = c.Entry;
        if (c.DType == Dtype.Float16) return [RunNarrow(c, v => (Half)v, v => (float)v, NarrowKernels.Float16(entry.Statistic, _simd))];
        if (c.DType == Dtype.BFloat16) return [RunNarrow(c, v => (BFloat16)v, v => (float)v, NarrowKernels.BFloat16(entry.Statistic, _simd))];
        if (entry.Forward is { } forward)
        {
            var outputs = entry.Outputs.Select(_ => new float[c.X.Length]).ToArray();
            forward.For(_simd)(c.X, c.Residual, c.D, c.Gain, c.Bias, c.Eps, outputs[0], outputs.Length > 1 ? outputs[1] : []);
            return outputs;
        }
        if (entry.Matmul is { } matmul) return [matmul(c, _simd)];
        if (entry.Backward is { } backward)
        {
            float[] dx = new float[c.X.Length], dgain = new float[c.Width], dbias = new float[c.Width];
            backward.For(_simd)(c.X, c.D, c.Gain, c.Dy, c.Eps, dx, dgain, dbias);
            return [dx, dgain, dbias];
        }
        throw new ArgumentOutOfRangeException(nameof(c), c.Variant, "no CPU kernel for this variant");
    }

    /// <summary>A float16/bfloat16 case: inputs narrowed (exactly: the factory already rounded them), outputs widened exactly.</summary>
    private static float[] RunNarrow<T>(CheckCase c, Func<float, T> narrow, Func<T, float> widen, NarrowKernel<T> kernel)
    {
        T[] x = Array.ConvertAll(c.X, e => narrow(e)), gain = Array.ConvertAll(c.Gain, e => narrow(e)), bias = Array.ConvertAll(c.Bias, e => narrow(e));
        var y = new T[c.X.Length];
        kernel(x, c.D, gain, bias, c.Eps, y);
        return Array.ConvertAll(y, v => widen(v));
    }
}
