using ILGPU;
using ILGPU.Runtime;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Storage;
using NormLab.Cuda.Teams;

namespace NormLab.Cuda.Runtime;

/// <summary>Compiled kernels for one storage type, loaded on first use (ILGPU compiles per
/// accelerator; compiling is slow, launching is not).</summary>
public sealed class KernelCache<T, TS> where T : unmanaged where TS : struct, IStorage<T>
{
    private readonly Accelerator accelerator;
    private readonly Dictionary<KernelVersion, Action<KernelConfig, RowNormArgs<T>>> forward = [];
    private readonly Dictionary<KernelVersion, Action<KernelConfig, NormBackwardArgs<T>>> backward = [];

    public KernelCache(Accelerator accelerator) => this.accelerator = accelerator;

    public Action<KernelConfig, RowNormArgs<T>> Forward(KernelVersion version)
    {
        if (!forward.TryGetValue(version, out var kernel))
        {
            kernel = version switch
            {
                KernelVersion.V1WarpPerRow => accelerator.LoadStreamKernel<RowNormArgs<T>>(RowNormKernels.TeamForward<WarpTeam, T, TS>),
                KernelVersion.V2BlockPerRow => accelerator.LoadStreamKernel<RowNormArgs<T>>(RowNormKernels.TeamForward<BlockTeam, T, TS>),
                KernelVersion.V3BlockVector4 => accelerator.LoadStreamKernel<RowNormArgs<T>>(RowNormKernels.VectorForward<T, TS>),
                _ => throw new ArgumentOutOfRangeException(nameof(version)),
            };
            forward[version] = kernel;
        }
        return kernel;
    }

    /// <summary>Backward has v1 (warp) and v2 (block); there is no vectorized backward.</summary>
    public Action<KernelConfig, NormBackwardArgs<T>> Backward(KernelVersion version)
    {
        if (!backward.TryGetValue(version, out var kernel))
        {
            kernel = version switch
            {
                KernelVersion.V1WarpPerRow => accelerator.LoadStreamKernel<NormBackwardArgs<T>>(NormBackwardKernels.TeamBackward<WarpTeam, T, TS>),
                KernelVersion.V2BlockPerRow => accelerator.LoadStreamKernel<NormBackwardArgs<T>>(NormBackwardKernels.TeamBackward<BlockTeam, T, TS>),
                _ => throw new ArgumentException($"backward has kernels v1 and v2, not {version.Tag()}.", nameof(version)),
            };
            backward[version] = kernel;
        }
        return kernel;
    }
}
