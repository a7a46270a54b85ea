namespace NormLab.Kernels.Loops;

/// <summary>
/// Picks, at JIT time, whether <see cref="VectorLoop"/> runs its Vector128/256/512 bodies or only the
/// scalar loop. The scalar kernels are the very same row algorithms with <see cref="ScalarMode"/>, so
/// "SIMD vs scalar" measures vectorization and nothing else.
/// </summary>
public interface ILoopMode
{
    static abstract bool Vectorize { get; }
}

/// <summary>Plain float32 loops, one element at a time.</summary>
public readonly struct ScalarMode : ILoopMode
{
    public static bool Vectorize => false;
}

/// <summary>The widest hardware vector available (Vector512 on AVX-512), then a scalar tail.</summary>
public readonly struct SimdMode : ILoopMode
{
    public static bool Vectorize => true;
}
