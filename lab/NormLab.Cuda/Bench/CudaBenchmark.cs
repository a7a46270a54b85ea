using NormLab.Kernels;
using ILGPU;
using ILGPU.Runtime;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Runtime;
using NormLab.Cuda.Storage;

namespace NormLab.Cuda.Bench;

/// <summary>
/// The GPU benchmark (not a test): LayerNorm and RMSNorm, every kernel version and the chooser's
/// pick, on rows × d in {4096, 32768} × {768, 4096, 8192}, float32 and float16. Each shape first
/// times a device-to-device copy of the same bytes (the bandwidth limit), then each kernel, in the
/// same run.
/// </summary>
public static class CudaBenchmark
{
    public static readonly int[] Rows = [4096, 32768];
    public static readonly int[] Widths = [768, 4096, 8192];

    public static IEnumerable<GpuBenchRow> Run(GpuDevice device, IReadOnlyList<TorchResult> torch, int[] rows, int[] widths)
    {
        var norm = new GpuNorm(device);
        var accelerator = device.Accelerator;
        foreach (var dtype in new[] { Dtype.Float32, Dtype.Float16 })
            foreach (int r in rows)
                foreach (int d in widths)
                {
                    var x = RandomRows(r * d, seed: d);
                    var gain = RandomRows(d, seed: 1);
                    var bias = RandomRows(d, seed: 2);
                    double copyGbps = CopyGbps(device, (long)r * d * dtype.Bytes());
                    foreach (var (variant, spec) in new[] { ("layernorm", RowNormSpec.LayerNorm(d, 1e-5)), ("rmsnorm", RowNormSpec.RmsNorm(d, 1e-5)) })
                        foreach (KernelVersion? version in KernelVersions.All.Where(v => v.Supports(d)).Cast<KernelVersion?>().Append(null))
                        {
                            using var kernel = norm.PrepareForward(spec, dtype, x, [], gain, bias, version);
                            double ms = GpuTimer.MedianMilliseconds(accelerator, kernel.Launch);
                            double gbps = kernel.BytesMoved / (ms * 1e6);
                            double? torchGbps = torch.FirstOrDefault(t => t.Variant == variant && t.Dtype == dtype.Name() && t.Rows == r && t.D == d)?.Gbps;
                            yield return new GpuBenchRow(variant, device.BackendName, dtype.Name(), r, d,
                                version?.Tag() ?? $"chosen:{kernel.Name}", ms, gbps, gbps / copyGbps, torchGbps is > 0 ? gbps / torchGbps : null);
                        }
                }
    }

    /// <summary>GB/s of a device-to-device copy of <paramref name="bytes"/> (read + write counted, as for the kernels).</summary>
    public static double CopyGbps(GpuDevice device, long bytes)
    {
        using var source = device.Accelerator.Allocate1D<byte>(bytes);
        using var target = device.Accelerator.Allocate1D<byte>(bytes);
        source.MemSetToZero();
        double ms = GpuTimer.MedianMilliseconds(device.Accelerator, () => source.View.CopyTo(target.View));
        return 2.0 * bytes / (ms * 1e6);
    }

    private static float[] RandomRows(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }
}
