using ILGPU;

namespace NormLab.Cuda.Kernels;

/// <summary>How a row kernel is launched: which version, threads per block, blocks.</summary>
public sealed record LaunchPlan(KernelVersion Version, int GroupSize, int Groups)
{
    public KernelConfig Config => new(Groups, GroupSize);

    /// <summary>
    /// The chooser. Rows up to 1024 wide get a warp each (v1: ≤ 32 elements per lane, no block
    /// barriers, 8 rows per 256-thread block). Wider rows get a block each, vectorized (v3) when the
    /// width is a multiple of 4, else v2; the block holds about 4 loads per thread.
    /// </summary>
    public static LaunchPlan Choose(int rows, int width, int warpSize, int maxGroupSize)
    {
        var version = width <= 1024 ? KernelVersion.V1WarpPerRow
            : width % 4 == 0 ? KernelVersion.V3BlockVector4
            : KernelVersion.V2BlockPerRow;
        return For(version, rows, width, warpSize, maxGroupSize);
    }

    /// <summary>The launch of a given version (checked: it must support the width).</summary>
    public static LaunchPlan For(KernelVersion version, int rows, int width, int warpSize, int maxGroupSize)
    {
        if (rows < 1) throw new ArgumentException($"rows must be ≥ 1, was {rows}.", nameof(rows));
        if (!version.Supports(width))
            throw new ArgumentException($"kernel {version.Tag()} needs the row width to be a multiple of 4, was {width}.", nameof(version));
        int cap = Math.Min(1024, Math.Min(maxGroupSize, 32 * warpSize)) / warpSize * warpSize;
        if (version == KernelVersion.V1WarpPerRow)
        {
            int group = Math.Max(warpSize, Math.Min(cap, 256 / warpSize * warpSize));
            int rowsPerGroup = group / warpSize;
            return new LaunchPlan(version, group, (rows + rowsPerGroup - 1) / rowsPerGroup);
        }
        int units = version == KernelVersion.V3BlockVector4 ? width / 4 : width;
        int threads = warpSize;
        while (threads < cap && threads * 4 < units) threads *= 2;
        return new LaunchPlan(version, Math.Min(threads, cap), rows);
    }
}
