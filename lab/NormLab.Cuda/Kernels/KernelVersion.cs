namespace NormLab.Cuda.Kernels;

/// <summary>
/// The numbered kernel versions, in the manner of llm.c's dev/cuda: each keeps the math of the one
/// before and changes one thing, and all stay so their speed can be compared.
/// </summary>
public enum KernelVersion
{
    /// <summary>v1: one warp per row, reductions by register shuffles only; several rows per block.</summary>
    V1WarpPerRow = 1,

    /// <summary>v2: one block per row; warp shuffles, then a shared-memory exchange across warps.</summary>
    V2BlockPerRow = 2,

    /// <summary>v3: v2 with each thread moving 4 consecutive elements per load/store (16 B float32, 8 B float16).</summary>
    V3BlockVector4 = 3,
}

public static class KernelVersions
{
    public static readonly KernelVersion[] All = [KernelVersion.V1WarpPerRow, KernelVersion.V2BlockPerRow, KernelVersion.V3BlockVector4];

    /// <summary>"v1", "v2", "v3": the name used in JSON rows and on the command line.</summary>
    public static string Tag(this KernelVersion v) => $"v{(int)v}";

    /// <summary>Whether a version can run a row of this many elements (v3 needs whole packs of 4).</summary>
    public static bool Supports(this KernelVersion v, int width) => v != KernelVersion.V3BlockVector4 || width % 4 == 0;
}
