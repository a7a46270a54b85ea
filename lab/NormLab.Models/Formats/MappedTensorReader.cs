using System.IO.MemoryMappedFiles;

namespace NormLab.Models.Formats;

/// <summary>
/// Reads one tensor's bytes out of a checkpoint through a memory map of just that range and widens
/// them to float64 (exact for F32, F16, BF16). Each read maps, copies and unmaps, so a loaded model
/// holds no file handle and only the tensors a caller keeps are in memory.
/// </summary>
public static class MappedTensorReader
{
    public static double[] Read(string path, long offset, long count, StorageType type)
    {
        var data = new double[count];
        if (count == 0) return data;
        long bytes = count * type.ByteSize();
        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = file.CreateViewAccessor(offset, bytes, MemoryMappedFileAccess.Read);
        unsafe
        {
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            try
            {
                start += view.PointerOffset;
                Widen(new ReadOnlySpan<byte>(start, checked((int)bytes)), type, data);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
        return data;
    }

    private static void Widen(ReadOnlySpan<byte> raw, StorageType type, double[] data)
    {
        switch (type)
        {
            case StorageType.F64:
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(raw).CopyTo(data);
                break;
            case StorageType.F32:
                var f = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw);
                for (int i = 0; i < data.Length; i++) data[i] = f[i];
                break;
            case StorageType.F16:
                var h = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(raw);
                for (int i = 0; i < data.Length; i++) data[i] = (double)h[i];
                break;
            case StorageType.BF16:
                var b = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(raw);
                for (int i = 0; i < data.Length; i++) data[i] = BitConverter.Int32BitsToSingle(b[i] << 16);
                break;
        }
    }
}
