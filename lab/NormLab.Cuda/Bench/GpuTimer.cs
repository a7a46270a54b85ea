using System.Diagnostics;
using ILGPU.Runtime;

namespace NormLab.Cuda.Bench;

/// <summary>Times an enqueued operation: a few warm-up runs, then the median over trials of the mean of
/// a batch of launches between two synchronizations (launch overhead amortized, as CUDA-event timing
/// of a loop would).</summary>
public static class GpuTimer
{
    public static double MedianMilliseconds(Accelerator accelerator, Action launch, int warmup = 3, int batch = 20, int trials = 7)
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
        return times[trials / 2];
    }
}
