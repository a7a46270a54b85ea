namespace NormLab.IO;

/// <summary>
/// The one check before the lab opens a file it was given: it must exist and be a regular file (a
/// symbolic link to one is fine). FIFOs, devices and sockets are refused up front, because opening or
/// reading them can block forever or never end (/dev/zero).
/// </summary>
public static class InputFile
{
    /// <summary>Returns <paramref name="path"/>; throws naming <paramref name="what"/> (e.g. "model", "config.json") and the path.</summary>
    public static string RequireRegular(string path, string what)
    {
        string kind = FileKind.Of(path);
        return kind switch
        {
            FileKind.Regular => path,
            FileKind.Missing => throw new FileNotFoundException($"{what} {path}: no such file.", path),
            _ => throw new InvalidDataException($"{what} {path}: is a {kind}, expected a regular file."),
        };
    }
}
