namespace NormLab.Cuda.Runtime;

/// <summary>A kernel with its device buffers in place, ready to launch again and again (the benchmark
/// times <see cref="Launch"/>).</summary>
public interface IPreparedKernel : IDisposable
{
    /// <summary>The kernel's name in results, e.g. "v3".</summary>
    string Name { get; }

    /// <summary>Bytes the launch must read and write at least (activations; parameters excluded).</summary>
    long BytesMoved { get; }

    /// <summary>Enqueues one launch (asynchronous on a GPU).</summary>
    void Launch();

    /// <summary>The output of the last launch (after a synchronization), widened to float32.</summary>
    float[] Output();

    /// <summary>h = x + y of the pre-norm step; null for the other variants.</summary>
    float[]? Sum();
}
