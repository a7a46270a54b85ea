using NormLab.Cli.Commands;

namespace NormLab.Cuda.Tests;

/// <summary>Without a GPU (CI), `normlab check --backend cuda` and `normlab bench kernels --backend cuda` say so and exit 2.</summary>
public sealed class CudaBackendTests
{
    [Fact]
    public void CheckWithCudaBackendExitsTwoWithoutAGpu()
    {
        if (WithoutGpu(() => CheckCommand.Run("cuda", quick: true, jsonPath: null, markdownPath: null)) is not var (exit, error)) return;
        Assert.Equal(2, exit);
        Assert.Contains("no CUDA device found", error);
    }

    [Fact]
    public void BenchWithCudaBackendExitsTwoWithoutAGpu()
    {
        if (WithoutGpu(() => BenchCommand.Create().Parse(["kernels", "--backend", "cuda"]).Invoke()) is not var (exit, error)) return;
        Assert.Equal(2, exit);
        Assert.Contains("bench --backend cuda", error);
        Assert.Contains("no CUDA device found", error);
    }

    /// <summary>Runs <paramref name="command"/> capturing stderr; null on a GPU machine, where the no-device path cannot be exercised.</summary>
    private static (int Exit, string Error)? WithoutGpu(Func<int> command)
    {
        if (Runtime.GpuDevice.TryCreateCuda(out _) is { } gpu)
        {
            gpu.Dispose();
            return null;
        }
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            return (command(), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
