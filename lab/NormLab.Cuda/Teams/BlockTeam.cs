using ILGPU;
using ILGPU.Algorithms;

namespace NormLab.Cuda.Teams;

/// <summary>One thread block per row: warp shuffles, then one partial per warp through shared
/// memory, which every thread sums. Group.DimX must be a multiple of the warp size (≤ 32 warps).</summary>
public readonly struct BlockTeam : IRowTeam
{
    public int Row => Grid.IdxX;
    public int Lane => Group.IdxX;
    public int Size => Group.DimX;

    public float Sum(float value)
    {
        value = default(WarpTeam).Sum(value);
        var partials = SharedMemory.Allocate<float>(32);
        if (Warp.LaneIdx == 0) partials[Warp.WarpIdx] = value;
        Group.Barrier();
        float total = 0;
        for (int w = 0; w < Group.DimX / Warp.WarpSize; w++) total += partials[w];
        Group.Barrier(); // the next reduction may reuse the slots
        return total;
    }

    public float Sum(Kernels.CompensatedSum value)
    {
        value = WarpTeam.Reduce(value);
        var his = SharedMemory.Allocate<float>(32);
        var los = SharedMemory.Allocate<float>(32);
        if (Warp.LaneIdx == 0)
        {
            his[Warp.WarpIdx] = value.Hi;
            los[Warp.WarpIdx] = value.Lo;
        }
        Group.Barrier();
        var total = default(Kernels.CompensatedSum);
        for (int w = 0; w < Group.DimX / Warp.WarpSize; w++) total.Add(new Kernels.CompensatedSum { Hi = his[w], Lo = los[w] });
        Group.Barrier(); // the next reduction may reuse the slots
        return total.Value;
    }

    public float Max(float value)
    {
        value = default(WarpTeam).Max(value);
        var partials = SharedMemory.Allocate<float>(32);
        if (Warp.LaneIdx == 0) partials[Warp.WarpIdx] = value;
        Group.Barrier();
        float best = 0;
        for (int w = 0; w < Group.DimX / Warp.WarpSize; w++) best = XMath.Max(best, partials[w]);
        Group.Barrier();
        return best;
    }
}
