using NormLab.Cli.Commands;

namespace NormLab.Cuda.Tests;

/// <summary>Without a GPU (CI), `normlab check --backend cuda` and `normlab bench kernels --backend cuda` say so and exit 2.</summary>
public sealed class CudaBackendTests
{
    [Fact]
    public void CheckWithCudaBackendExitsTwoWithoutAGpu()
    {
        if (Runtime.GpuDevice.TryCreateCuda(out _) is { } gpu)
        {
            gpu.Dispose();
            return; // a GPU machine: the no-device path cannot be exercised here
        }
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, CheckCommand.Run("cuda", quick: true, jsonPath: null, markdownPath: null));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("no CUDA device found", error.ToString());
    }

    [Fact]
    public void BenchWithCudaBackendExitsTwoWithoutAGpu()
    {
        if (Runtime.GpuDevice.TryCreateCuda(out _) is { } gpu)
        {
            gpu.Dispose();
            return; // a GPU machine: the no-device path cannot be exercised here
        }
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var bench = BenchCommand.Create();
            Assert.Equal(2, bench.Parse(["kernels", "--backend", "cuda"]).Invoke());
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("bench --backend cuda", error.ToString());
        Assert.Contains("no CUDA device found", error.ToString());
    }
}
