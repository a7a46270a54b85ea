using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Teams;
using NormLab.Kernels;
using NormLab.Reference;
using NormLab.Validation;

namespace NormLab.Cuda.Runtime;

/// <summary>
/// FlashNorm on the accelerator, float32: the GEMM runs on the un-normalized x with the folded W*,
/// the row statistics (μ, 1/σ or 1/rms) come from the forward kernels' passes, and the epilogue
/// applies them. On CUDA the GEMM is cuBLAS Sgemm (ILGPU.Algorithms' binding, libcublas.so.12)
/// followed by the epilogue kernel; elsewhere (the CPU accelerator, or CUDA without cuBLAS) a tiled
/// GEMM kernel with the epilogue fused.
/// </summary>
public sealed class GpuFlashNorm : IDisposable
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, RowNormArgs<float>, ArrayView<float>, ArrayView<float>> statistics;
    private readonly Action<KernelConfig, FlashArgs> tiled;
    private readonly Action<Index1D, FlashArgs> epilogue;
    private readonly CuBlas? cuBlas;

    public GpuFlashNorm(GpuDevice device)
    {
        accelerator = device.Accelerator;
        statistics = accelerator.LoadStreamKernel<RowNormArgs<float>, ArrayView<float>, ArrayView<float>>(FlashNormKernels.RowStatistics<WarpTeam>);
        tiled = accelerator.LoadStreamKernel<FlashArgs>(FlashNormKernels.TiledGemmEpilogue);
        epilogue = accelerator.LoadAutoGroupedStreamKernel<Index1D, FlashArgs>(FlashNormKernels.Epilogue);
        cuBlas = accelerator is CudaAccelerator cuda ? TryCuBlas(cuda) : null;
        GemmName = cuBlas is not null ? "cublas-sgemm" : "tiled-gemm";
    }

    /// <summary>"cublas-sgemm" or "tiled-gemm": which GEMM ran.</summary>
    public string GemmName { get; }

    /// <summary>out (rows × N) = Norm(x)·W + c, computed the FlashNorm way.</summary>
    public float[] Forward(NormKind kind, ReadOnlySpan<float> x, int d, FlashNormWeights weights, double eps)
    {
        int rows = NormArguments.Rows(x.Length, d, nameof(x));
        if (weights.D != d) throw new ArgumentException($"weights were folded for d = {weights.D}, not d = {d}.", nameof(weights));
        if (rows == 0) throw new ArgumentException("x must hold at least one row.", nameof(x));
        var spec = kind == NormKind.LayerNorm ? RowNormSpec.LayerNorm(d, eps) : RowNormSpec.RmsNorm(d, eps);
        int n = weights.N;

        using var xb = accelerator.Allocate1D(x.ToArray());
        using var wb = accelerator.Allocate1D(weights.FoldedW);
        using var sums = accelerator.Allocate1D(weights.ColumnSums);
        using var bias = accelerator.Allocate1D(weights.FoldedBias);
        using var mean = accelerator.Allocate1D<float>(rows);
        using var inv = accelerator.Allocate1D<float>(rows);
        using var output = accelerator.Allocate1D<float>((long)rows * n);
        using var packs = HostCopy.Placeholder<Storage.Pack4<float>>(accelerator);

        var rowArgs = new RowNormArgs<float>
        {
            X = xb.View, Residual = xb.View, Output = xb.View, Sum = xb.View,
            X4 = packs.View, Residual4 = packs.View, Output4 = packs.View, Sum4 = packs.View,
            Gain = sums.View, Bias = sums.View, Rows = rows, Width = d, StatCount = d, Divisor = d,
            Kind = spec.Kind, Eps = (float)eps, OutScale = 1,
        };
        var plan = LaunchPlan.For(KernelVersion.V1WarpPerRow, rows, d, accelerator.WarpSize, accelerator.MaxNumThreadsPerGroup);
        statistics(plan.Config, rowArgs, mean.View, inv.View);

        var args = new FlashArgs
        {
            X = xb.View, W = wb.View, ColumnSums = sums.View, Bias = bias.View, Mean = mean.View, Inv = inv.View,
            Output = output.View, Rows = rows, D = d, N = n,
            Centred = kind == NormKind.LayerNorm ? 1 : 0, UseBias = 1,
        };
        if (cuBlas is not null)
        {
            // Row-major out = x·W* is column-major outᵀ = W*ᵀ·xᵀ: an (N × rows) result, k = d.
            cuBlas.Gemm(CuBlasOperation.NonTranspose, CuBlasOperation.NonTranspose, n, rows, d,
                1f, wb.View, n, xb.View, d, 0f, output.View, n);
            epilogue(rows * n, args);
        }
        else
        {
            int t = FlashNormKernels.Tile;
            tiled(new KernelConfig(new Index2D((n + t - 1) / t, (rows + t - 1) / t), new Index2D(t, t)), args);
        }
        accelerator.Synchronize();
        return output.GetAsArray1D();
    }

    /// <summary>cuBLAS when libcublas.so.12 loads (e.g. from the CUDA toolkit, or pip's nvidia-cublas-cu12
    /// on LD_LIBRARY_PATH); otherwise null and the tiled kernel runs.</summary>
    private static CuBlas? TryCuBlas(CudaAccelerator cuda)
    {
        try
        {
            return new CuBlas(cuda);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CuBlasException or TypeInitializationException)
        {
            return null;
        }
    }

    public void Dispose() => cuBlas?.Dispose();
}
