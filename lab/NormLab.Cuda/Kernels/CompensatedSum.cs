using ILGPU.Algorithms;

namespace NormLab.Cuda.Kernels;

/// <summary>
/// A float32 sum with its rounding error carried along (Neumaier's variant of Kahan summation). Its
/// error is ≤ 2ε·|Σ| + O(nε²)·Σ|x| whatever the order of the additions, so the row statistics of
/// every kernel version, block size and warp size (the ILGPU CPU accelerator's warp differs by host)
/// meet the same bound as the CPU kernels' blocked float64-finished sums, instead of one that grows
/// with the length of each thread's chain and the depth of the team's tree. The two-term error is
/// symmetric in its operands, so the lanes of a butterfly (xor-shuffle) reduction stay identical.
/// </summary>
public struct CompensatedSum
{
    public float Hi, Lo;

    public void Add(float v)
    {
        float t = Hi + v;
        Lo += XMath.Abs(Hi) >= XMath.Abs(v) ? (Hi - t) + v : (v - t) + Hi;
        Hi = t;
    }

    /// <summary>Adds another partial sum (its value and its carried error).</summary>
    public void Add(CompensatedSum other)
    {
        Lo += other.Lo;
        Add(other.Hi);
    }

    public readonly float Value => Hi + Lo;
}
