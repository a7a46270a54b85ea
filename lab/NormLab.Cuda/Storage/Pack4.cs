using System.Runtime.InteropServices;

namespace NormLab.Cuda.Storage;

/// <summary>
/// Four consecutive elements read or written as one aligned unit (16 bytes for float32, 8 for
/// float16): the vectorized loads of kernel v3. A row may be viewed as packs only when d % 4 == 0.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct Pack4<T> where T : unmanaged
{
    public T A, B, C, D;
}
