using NormLab.Cuda.Runtime;

namespace NormLab.Cuda.Tests;

/// <summary>One ILGPU CPU accelerator for all tests (creating one and compiling kernels is the slow
/// part; the kernels are cached by <see cref="GpuNorm"/>).</summary>
public sealed class CpuAcceleratorFixture : IDisposable
{
    public CpuAcceleratorFixture()
    {
        Device = GpuDevice.CreateCpu();
        Norm = new GpuNorm(Device);
    }

    public GpuDevice Device { get; }
    public GpuNorm Norm { get; }

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class CpuAcceleratorCollection : ICollectionFixture<CpuAcceleratorFixture>
{
    public const string Name = "ILGPU CPU accelerator";
}
