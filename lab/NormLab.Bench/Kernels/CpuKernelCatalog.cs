using NormLab.Bench.Workload;
using NormLab.Kernels;
using NormLab.Reference;

namespace NormLab.Bench.Kernels;

/// <summary>
/// The CPU kernels of NormLab.Core as bench entries: every forward variant, scalar and SIMD,
/// float32, plus float16 and bfloat16 storage for LayerNorm and RMSNorm. FlashNorm is left out: it is RMSNorm
/// fused into a matmul, compute-bound, and measured end to end (`bench models`).
/// </summary>
public static class CpuKernelCatalog
{
    public const float Eps = 1e-5f;

    private delegate void Norm32(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y);
    private delegate void NarrowNorm<T>(ReadOnlySpan<T> x, int d, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, float eps, Span<T> y);

    public static IReadOnlyList<KernelUnderTest> All()
    {
        var kernels = new List<KernelUnderTest>();
        foreach (string backend in new[] { "scalar", "simd" })
        {
            bool simd = backend == "simd";
            kernels.Add(Float32("LayerNorm", backend, OrtNorm.LayerNorm, 2, 2, simd ? LayerNormKernel.Simd : LayerNormKernel.Scalar));
            kernels.Add(Float32("RMSNorm", backend, OrtNorm.RmsNorm, 2, 1, simd ? RmsNormKernel.Simd : RmsNormKernel.Scalar, noBias: true));
            kernels.Add(Float32(FormattableString.Invariant($"pRMSNorm(p={VariantParameters.PartialFraction})"), backend, null, 2, 1,
                (x, d, g, b, e, y) => Partial(simd, x, d, g, b, e, y), noBias: true));
            kernels.Add(Float32(FormattableString.Invariant($"LayerNormScaling(l={VariantParameters.ScalingLayer})"), backend, null, 2, 2,
                (x, d, g, b, e, y) => Scaling(simd, x, d, g, b, e, y)));
            kernels.Add(Compressed(backend, simd));
            kernels.Add(Residual("PeriLN-residual", backend, 3, simd
                ? (x, r, d, g, b, h, _) => PeriNormResidualKernel.Simd(NormKind.LayerNorm, r, x, d, g, b, Eps, h)
                : (x, r, d, g, b, h, _) => PeriNormResidualKernel.Scalar(NormKind.LayerNorm, r, x, d, g, b, Eps, h)));
            kernels.Add(Residual("PreNorm-residual-add", backend, 4, simd
                ? (x, r, d, g, b, h, o) => PreNormResidualKernel.Simd(NormKind.LayerNorm, r, x, d, g, b, Eps, h, o)
                : (x, r, d, g, b, h, o) => PreNormResidualKernel.Scalar(NormKind.LayerNorm, r, x, d, g, b, Eps, h, o)));
            kernels.Add(Narrow<Half>("LayerNorm", backend, Dtype.Float16, OrtNorm.LayerNorm, 2, b => b.F16, simd ? LayerNormKernel.Simd : LayerNormKernel.Scalar));
            kernels.Add(Narrow<Half>("RMSNorm", backend, Dtype.Float16, OrtNorm.RmsNorm, 1, b => b.F16, simd ? RmsNormKernel.Simd : RmsNormKernel.Scalar, noBias: true));
            kernels.Add(Narrow<BFloat16>("LayerNorm", backend, Dtype.BFloat16, OrtNorm.LayerNorm, 2, b => b.BF16,
                simd ? LayerNormKernel.Simd : LayerNormKernel.Scalar));
            kernels.Add(Narrow<BFloat16>("RMSNorm", backend, Dtype.BFloat16, OrtNorm.RmsNorm, 1, b => b.BF16,
                simd ? RmsNormKernel.Simd : RmsNormKernel.Scalar, noBias: true));
        }
        kernels.Add(ConversionFloor<Half>(Dtype.Float16, b => b.F16, ConversionFloorKernel.Simd));
        kernels.Add(ConversionFloor<BFloat16>(Dtype.BFloat16, b => b.BF16, ConversionFloorKernel.Simd));
        return kernels;
    }

    /// <summary>The name of <see cref="ConversionFloorKernel"/>'s rows: widen + narrow only, the floor under every narrow-storage norm.</summary>
    public const string ConversionFloorVariant = "widen+narrow copy";

    private static KernelUnderTest ConversionFloor<T>(Dtype dtype, Func<ShapeBuffers, NormBuffers<T>> select, ConversionRun<T> run) where T : unmanaged =>
        new(ConversionFloorVariant, "simd", dtype, null, Traffic.Of(dtype, 2, 0), buffers =>
        {
            var (b, d) = (select(buffers), buffers.D);
            return () => run(b.X, d, b.Y);
        });

    private delegate void ConversionRun<T>(ReadOnlySpan<T> x, int d, Span<T> y);

    private static void Partial(bool simd, ReadOnlySpan<float> x, int d, ReadOnlySpan<float> g, ReadOnlySpan<float> b, float eps, Span<float> y)
    {
        if (simd) PRmsNormKernel.Simd(x, d, VariantParameters.PartialFraction, g, b, eps, y);
        else PRmsNormKernel.Scalar(x, d, VariantParameters.PartialFraction, g, b, eps, y);
    }

    private static void Scaling(bool simd, ReadOnlySpan<float> x, int d, ReadOnlySpan<float> g, ReadOnlySpan<float> b, float eps, Span<float> y)
    {
        if (simd) LayerNormScalingKernel.Simd(x, d, g, b, eps, VariantParameters.ScalingLayer, y);
        else LayerNormScalingKernel.Scalar(x, d, g, b, eps, VariantParameters.ScalingLayer, y);
    }

    /// <summary>A one-input norm on float32 buffers; RMS forms run without bias, as ORT's do.</summary>
    private static KernelUnderTest Float32(string variant, string backend, OrtNorm? ort, int rowTensors, int parameters, Norm32 run,
        bool noBias = false) =>
        new(variant, backend, Dtype.Float32, ort, Traffic.Of(Dtype.Float32, rowTensors, parameters), buffers =>
        {
            var (b, d) = (buffers.F32, buffers.D);
            float[] bias = noBias ? [] : b.Bias;
            return () => run(b.X, d, b.Gain, bias, Eps, b.Y);
        });

    /// <summary>float16/bfloat16 storage (float32 accumulation) on that dtype's buffers.</summary>
    private static KernelUnderTest Narrow<T>(string variant, string backend, Dtype dtype, OrtNorm ort, int parameters,
        Func<ShapeBuffers, NormBuffers<T>> select, NarrowNorm<T> run, bool noBias = false) where T : unmanaged =>
        new(variant, backend, dtype, ort, Traffic.Of(dtype, 2, parameters), buffers =>
        {
            var (b, d) = (select(buffers), buffers.D);
            T[] bias = noBias ? [] : b.Bias;
            return () => run(b.X, d, b.Gain, bias, Eps, b.Y);
        });

    /// <summary>CRMSNorm reads and writes d − 1 wide rows (the compressed stream), no gain.</summary>
    private static KernelUnderTest Compressed(string backend, bool simd) =>
        new("CRMSNorm", backend, Dtype.Float32, null, Traffic.Of(Dtype.Float32, 2, 0, widthLoss: 1), buffers =>
        {
            var (b, d) = (buffers.F32, buffers.D);
            int n = b.Rows * (d - 1);
            return simd
                ? () => CRmsNormKernel.Simd(b.X.AsSpan(0, n), d, [], [], Eps, b.Y.AsSpan(0, n))
                : () => CRmsNormKernel.Scalar(b.X.AsSpan(0, n), d, [], [], Eps, b.Y.AsSpan(0, n));
        });

    private delegate void ResidualRun(float[] x, float[] residual, int d, float[] gain, float[] bias, float[] h, float[] output);

    /// <summary>A fused residual variant (LayerNorm with gain and bias): reads x and the stream, writes one or two rows.</summary>
    private static KernelUnderTest Residual(string variant, string backend, int rowTensors, ResidualRun run) =>
        new(variant, backend, Dtype.Float32, null, Traffic.Of(Dtype.Float32, rowTensors, 2), buffers =>
        {
            var (b, d) = (buffers.F32, buffers.D);
            return () => run(b.X, b.Residual, d, b.Gain, b.Bias, b.Y, b.Y2);
        });
}
