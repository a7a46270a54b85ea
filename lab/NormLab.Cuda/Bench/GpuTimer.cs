using System.Diagnostics;
using ILGPU.Runtime;

namespace NormLab.Cuda.Bench;

/// <summary>
/// Times an enqueued operation: a few warm-up runs, then over trials the mean of a batch of launches
/// between two synchronizations (launch overhead amortized, as CUDA-event timing of a loop would);
/// median, min and max over the trials.
/// </summary>
public static class GpuTimer
{
    public static (double Median, double Min, double Max) Milliseconds(Accelerator accelerator, Action launch, int warmup = 3, int batch = 20,
        int trials = 7)
    {
        for (int i = 0; i < warmup; i++) launch();
        accelerator.Synchronize();
        var times = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < batch; i++) launch();
            accelerator.Synchronize();
            times[t] = clock.Elapsed.TotalMilliseconds / batch;
        }
        Array.Sort(times);
        return (times[trials / 2], times[0], times[^1]);
    }

    /// <summary>GB/s of a device-to-device copy of <paramref name="bytes"/> (read + write counted, as for the kernels).</summary>
    public static double CopyGbps(Accelerator accelerator, long bytes)
    {
        using var source = accelerator.Allocate1D<byte>(bytes);
        using var target = accelerator.Allocate1D<byte>(bytes);
        source.MemSetToZero();
        double ms = Milliseconds(accelerator, () => source.View.CopyTo(target.View)).Median;
        return 2.0 * bytes / (ms * 1e6);
    }
}
