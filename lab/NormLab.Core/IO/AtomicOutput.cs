namespace NormLab.IO;

/// <summary>
/// Every file the lab writes: checked before the work starts (<see cref="Require"/>), then written
/// to a temporary file in the same folder and moved over the target only when complete, so a failed
/// or interrupted run leaves the previous file as it was.
/// </summary>
public static class AtomicOutput
{
    /// <summary>
    /// Refuses an output that is a directory or a special file, that is one of this run's
    /// <paramref name="inputs"/>, or whose folder cannot be written. A missing folder is created.
    /// </summary>
    public static string Require(string path, string what, params IEnumerable<string> inputs)
    {
        string full = Resolved(path);
        string kind = FileKind.Of(path);
        if (kind is not (FileKind.Regular or FileKind.Missing))
            throw new UsageException($"{what} {path}: is a {kind}, expected a file to write.");
        foreach (string input in inputs)
            if (string.Equals(full, Resolved(input), StringComparison.Ordinal))
                throw new UsageException($"{what} {path}: is an input of this run ({input}); refusing to overwrite it.");
        RequireFolder(Path.GetDirectoryName(full) ?? ".", what);
        return path;
    }

    /// <summary>Creates <paramref name="folder"/> if needed and checks that a file can be created in it.</summary>
    public static string RequireFolder(string folder, string what)
    {
        string kind = FileKind.Of(folder);
        if (kind is not (FileKind.Directory or FileKind.Missing))
            throw new UsageException($"{what} {folder}: is a {kind}, expected a folder.");
        try
        {
            Directory.CreateDirectory(folder);
            string probe = ScratchPath(Path.Combine(folder, "probe"));
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"{what} {folder}: cannot write there ({e.Message}).");
        }
        return folder;
    }

    public static void Write(string path, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        string temp = ScratchPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write)) write(stream);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static void WriteText(string path, string text) => Write(path, s =>
    {
        using var writer = new StreamWriter(s);
        writer.Write(text);
    });

    public static void WriteBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>A fresh name beside <paramref name="path"/> (the same file system, so the final move is a rename): unique, so it is never someone else's file.</summary>
    public static string ScratchPath(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static string Resolved(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
