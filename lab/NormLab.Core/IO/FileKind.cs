using System.Runtime.InteropServices;

namespace NormLab.IO;

/// <summary>
/// What a path is, asked of the file system without opening it (opening a FIFO blocks until a writer
/// comes). .NET reports no file type on Unix, so Linux asks statx(2), whose layout is the same on
/// every architecture; elsewhere only the regular-file/directory distinction .NET gives is used.
/// </summary>
public static partial class FileKind
{
    public const string Regular = "regular file";
    public const string Directory = "directory";
    public const string Missing = "missing";

    /// <summary>The kind of the file at <paramref name="path"/>, following symbolic links.</summary>
    public static string Of(string path)
    {
        if (OperatingSystem.IsLinux()) return Linux(path);
        if (System.IO.Directory.Exists(path)) return Directory;
        return File.Exists(path) ? Regular : Missing;
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int ENOENT = 2, ENOTDIR = 20;

    private static unsafe string Linux(string path)
    {
        byte* buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR) return Missing;
            // e.g. a permission problem: let the ordinary open report it.
            return File.Exists(path) ? Regular : Missing;
        }
        int type = *(ushort*)(buffer + ModeOffset) & 0xF000;
        return type switch
        {
            0x8000 => Regular,
            0x4000 => Directory,
            0x1000 => "FIFO (named pipe)",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            _ => $"special file (mode 0x{type:X})",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
