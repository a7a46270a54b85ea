using ILGPU;
using ILGPU.Algorithms;

namespace NormLab.Cuda.Teams;

/// <summary>One warp per row; a launch packs Group.DimX / WarpSize rows into each block. Reductions are
/// register shuffles only (no shared memory, no block barrier): best when d is small.</summary>
public readonly struct WarpTeam : IRowTeam
{
    public int Row => Grid.IdxX * (Group.DimX / Warp.WarpSize) + Warp.WarpIdx;
    public int Lane => Warp.LaneIdx;
    public int Size => Warp.WarpSize;

    public float Sum(float value)
    {
        for (int offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
            value += Warp.ShuffleXor(value, offset);
        return value;
    }

    public float Sum(Kernels.CompensatedSum value) => Reduce(value).Value;

    /// <summary>The warp's butterfly reduction of compensated partials; every lane gets the same pair.</summary>
    public static Kernels.CompensatedSum Reduce(Kernels.CompensatedSum value)
    {
        for (int offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
            value.Add(new Kernels.CompensatedSum { Hi = Warp.ShuffleXor(value.Hi, offset), Lo = Warp.ShuffleXor(value.Lo, offset) });
        return value;
    }

    public float Max(float value)
    {
        for (int offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
            value = XMath.Max(value, Warp.ShuffleXor(value, offset));
        return value;
    }
}
