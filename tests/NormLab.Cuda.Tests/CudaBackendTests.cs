using NormLab.Cli.Commands;

namespace NormLab.Cuda.Tests;

/// <summary>
/// `normlab check --backend cuda` and `normlab bench kernels --backend cuda`: without a GPU (CI) they say
/// so and exit 2; with one, the quick check passes on it. Whichever half cannot run on this machine is
/// reported as skipped, with the reason.
/// </summary>
public sealed class CudaBackendTests
{
    [SkippableFact]
    public void CheckWithCudaBackendExitsTwoWithoutAGpu()
    {
        Skip.If(HasGpu(), "a CUDA device is present: the no-device path cannot be exercised here");
        var (exit, error) = CaptureError(() => CheckCommand.Run("cuda", quick: true, jsonPath: null, markdownPath: null));
        Assert.Equal(2, exit);
        Assert.Contains("no CUDA device found", error);
    }

    [SkippableFact]
    public void BenchWithCudaBackendExitsTwoWithoutAGpu()
    {
        Skip.If(HasGpu(), "a CUDA device is present: the no-device path cannot be exercised here");
        var (exit, error) = CaptureError(() => BenchCommand.Create().Parse(["kernels", "--backend", "cuda"]).Invoke());
        Assert.Equal(2, exit);
        Assert.Contains("bench --backend cuda", error);
        Assert.Contains("no CUDA device found", error);
    }

    [SkippableFact]
    public void QuickCheckPassesOnTheGpu()
    {
        Skip.IfNot(HasGpu(), "no CUDA device on this machine: the GPU check cannot run here");
        Assert.Equal(0, CheckCommand.Run("cuda", quick: true, jsonPath: null, markdownPath: null));
    }

    private static bool HasGpu()
    {
        using var gpu = Runtime.GpuDevice.TryCreateCuda(out _);
        return gpu is not null;
    }

    private static (int Exit, string Error) CaptureError(Func<int> command)
    {
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
