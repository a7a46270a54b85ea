using ILGPU;
using ILGPU.Runtime;
using NormLab.Cuda.Storage;

namespace NormLab.Cuda.Runtime;

/// <summary>Moving float32 host data to device storage of type T and back (rounding to float16 on the
/// way in where T is Half).</summary>
public static class HostCopy
{
    public static MemoryBuffer1D<T, Stride1D.Dense> Upload<T, TS>(Accelerator accelerator, ReadOnlySpan<float> values)
        where T : unmanaged where TS : struct, IStorage<T>
    {
        var s = default(TS);
        var stored = new T[values.Length];
        for (int i = 0; i < values.Length; i++) stored[i] = s.Store(values[i]);
        return accelerator.Allocate1D(stored);
    }

    public static float[] Download<T, TS>(MemoryBuffer1D<T, Stride1D.Dense> buffer)
        where T : unmanaged where TS : struct, IStorage<T>
    {
        var s = default(TS);
        var stored = buffer.GetAsArray1D();
        var values = new float[stored.Length];
        for (int i = 0; i < stored.Length; i++) values[i] = s.Load(stored[i]);
        return values;
    }

    /// <summary>A one-element buffer that stands for an absent input (kernels never read it).</summary>
    public static MemoryBuffer1D<TE, Stride1D.Dense> Placeholder<TE>(Accelerator accelerator) where TE : unmanaged =>
        accelerator.Allocate1D<TE>(1);
}
