using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace NormLab.Models.Formats;

/// <summary>
/// Reads one tensor's bytes out of a checkpoint through a memory map of just that range and widens
/// them to float64 (exact for F32, F16, BF16). Each read maps, copies and unmaps, so a loaded model
/// holds no file handle and only the tensors a caller keeps are in memory. Strided views (torch's
/// transposed or sliced tensors) are gathered into row-major order.
/// </summary>
public static class MappedTensorReader
{
    private delegate void RawAction(ReadOnlySpan<byte> raw);

    public static double[] Read(string path, long offset, long count, StorageType type)
    {
        var data = new double[count];
        if (count > 0) Map(path, offset, count * type.ByteSize(), raw => Widen(raw, type, data));
        return data;
    }

    /// <summary>A strided view whose element [i0, i1, ...] is at byte offset + Σ ik·strides[k]·size; extent in elements.</summary>
    public static double[] Read(string path, long offset, StorageType type, int[] shape, long[] strides, long extent)
    {
        var data = new double[ElementCount(shape)];
        if (data.Length > 0) Map(path, offset, checked(extent * type.ByteSize()), raw => Gather(raw, type, shape, strides, data));
        return data;
    }

    /// <summary>Gathers a strided view out of raw little-endian storage bytes into row-major float64.</summary>
    public static double[] Gather(ReadOnlySpan<byte> raw, StorageType type, int[] shape, long[] strides)
    {
        var data = new double[ElementCount(shape)];
        if (data.Length > 0) Gather(raw, type, shape, strides, data);
        return data;
    }

    private static long ElementCount(int[] shape) => shape.Aggregate(1L, (a, s) => checked(a * s));

    private static void Map(string path, long offset, long bytes, RawAction action)
    {
        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = file.CreateViewAccessor(offset, bytes, MemoryMappedFileAccess.Read);
        unsafe
        {
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            try
            {
                start += view.PointerOffset;
                action(new ReadOnlySpan<byte>(start, checked((int)bytes)));
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
    }

    private static void Gather(ReadOnlySpan<byte> raw, StorageType type, int[] shape, long[] strides, double[] data)
    {
        if (IsRowMajor(shape, strides))
        {
            Widen(raw[..checked(data.Length * type.ByteSize())], type, data);
            return;
        }
        // An odometer over the row-major index: `at` follows the element offset without a multiply per element.
        var index = new int[shape.Length];
        long at = 0;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = Element(raw, type, at);
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                at += strides[d];
                if (++index[d] < shape[d]) break;
                at -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    private static bool IsRowMajor(int[] shape, long[] strides)
    {
        long expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    private static double Element(ReadOnlySpan<byte> raw, StorageType type, long index)
    {
        int at = checked((int)(index * type.ByteSize()));
        return type switch
        {
            StorageType.F64 => BinaryPrimitives.ReadDoubleLittleEndian(raw[at..]),
            StorageType.F32 => BinaryPrimitives.ReadSingleLittleEndian(raw[at..]),
            StorageType.F16 => (double)BinaryPrimitives.ReadHalfLittleEndian(raw[at..]),
            _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[at..]) << 16),
        };
    }

    private static void Widen(ReadOnlySpan<byte> raw, StorageType type, double[] data)
    {
        switch (type)
        {
            case StorageType.F64:
                MemoryMarshal.Cast<byte, double>(raw).CopyTo(data);
                break;
            case StorageType.F32:
                var f = MemoryMarshal.Cast<byte, float>(raw);
                for (int i = 0; i < data.Length; i++) data[i] = f[i];
                break;
            case StorageType.F16:
                var h = MemoryMarshal.Cast<byte, Half>(raw);
                for (int i = 0; i < data.Length; i++) data[i] = (double)h[i];
                break;
            case StorageType.BF16:
                var b = MemoryMarshal.Cast<byte, ushort>(raw);
                for (int i = 0; i < data.Length; i++) data[i] = BitConverter.Int32BitsToSingle(b[i] << 16);
                break;
        }
    }
}
