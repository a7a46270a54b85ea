using NormLab.Bench.Workload;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Bench.Kernels;

/// <summary>
/// The CPU kernels as bench entries: every registry entry with a bench name, scalar and SIMD, at each
/// storage type its entry lists, bound to the shape's buffers by the entry's own traits (row width,
/// residual input, gain/bias, outputs); plus the widen+narrow copy floor. FlashNorm is left out: it is a
/// norm fused into a matmul, compute-bound, and measured end to end (`bench models`).
/// </summary>
public static class CpuKernelCatalog
{
    public const float Eps = 1e-5f;

    /// <summary>The name of <see cref="ConversionFloorKernel"/>'s rows: widen + narrow only, the floor under every narrow-storage norm.</summary>
    public const string ConversionFloorVariant = "widen+narrow copy";

    public static IReadOnlyList<KernelUnderTest> All()
    {
        var kernels = new List<KernelUnderTest>();
        foreach (bool simd in new[] { false, true })
            foreach (var entry in VariantRegistry.All.Where(e => e.BenchName is not null && e.Forward is not null))
                foreach (var dtype in entry.CpuDtypes)
                    kernels.Add(Bind(entry, dtype, simd));
        kernels.Add(ConversionFloor<Half>(Dtype.Float16, b => b.F16, ConversionFloorKernel.Simd));
        kernels.Add(ConversionFloor<BFloat16>(Dtype.BFloat16, b => b.BF16, ConversionFloorKernel.Simd));
        return kernels;
    }

    /// <summary>The ONNX Runtime op an entry is compared with, where ORT has it as one node.</summary>
    public static OrtNorm? OrtCounterpart(VariantEntry entry) => entry.Id switch
    {
        NormVariant.LayerNormAffine => OrtNorm.LayerNorm,
        NormVariant.RmsNorm => OrtNorm.RmsNorm,
        _ => null,
    };

    private static KernelUnderTest Bind(VariantEntry entry, Dtype dtype, bool simd)
    {
        var traffic = Traffic.Of(dtype, entry.RowInputs + entry.Outputs.Count, entry.ParameterVectors, entry.WidthLoss);
        Func<ShapeBuffers, Action> bind = dtype switch
        {
            Dtype.Float32 => buffers =>
            {
                var (b, d, kernel) = (buffers.F32, buffers.D, entry.Forward!.For(simd));
                var t = Slices.Of(entry, b, d);
                return () => kernel(t.X, t.Residual, d, t.Gain, t.Bias, Eps, t.First, t.Second);
            }
            ,
            Dtype.Float16 => Narrow(entry, b => b.F16, NarrowKernels.Float16(entry.Statistic, simd)),
            _ => Narrow(entry, b => b.BF16, NarrowKernels.BFloat16(entry.Statistic, simd)),
        };
        return new KernelUnderTest(entry.BenchName!, simd ? "simd" : "scalar", dtype, OrtCounterpart(entry), traffic, bind);
    }

    private static Func<ShapeBuffers, Action> Narrow<T>(VariantEntry entry, Func<ShapeBuffers, NormBuffers<T>> select, NarrowKernel<T> kernel)
        where T : unmanaged => buffers =>
        {
            var (b, d) = (select(buffers), buffers.D);
            var t = Slices.Of(entry, b, d);
            return () => kernel(t.X, d, t.Gain, t.Bias, Eps, t.First);
        };

    private static KernelUnderTest ConversionFloor<T>(Dtype dtype, Func<ShapeBuffers, NormBuffers<T>> select, ConversionRun<T> run) where T : unmanaged =>
        new(ConversionFloorVariant, "simd", dtype, null, Traffic.Of(dtype, 2, 0), buffers =>
        {
            var (b, d) = (select(buffers), buffers.D);
            return () => run(b.X, d, b.Y);
        });

    private delegate void ConversionRun<T>(ReadOnlySpan<T> x, int d, Span<T> y);

    /// <summary>The shape's buffers cut to what the entry reads and writes: rows of its stored width, the parameters it takes.</summary>
    private sealed record Slices<T>(ArraySegment<T> X, ArraySegment<T> Residual, ArraySegment<T> Gain, ArraySegment<T> Bias,
        ArraySegment<T> First, ArraySegment<T> Second);

    private static class Slices
    {
        public static Slices<T> Of<T>(VariantEntry entry, NormBuffers<T> b, int d) where T : unmanaged
        {
            int width = entry.Width(d), n = b.Rows * width;
            return new(new(b.X, 0, n), entry.Residual == ResidualMode.None ? [] : new(b.Residual, 0, n),
                entry.HasGain ? new(b.Gain, 0, width) : [], entry.HasBias ? new(b.Bias, 0, width) : [],
                new(b.Y, 0, n), entry.Outputs.Count > 1 ? new(b.Y2, 0, n) : []);
        }
    }
}
