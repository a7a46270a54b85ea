using NormLab.Errors;
using NormLab.Models.Conversions;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Safetensors;
using NormLab.Models.Forward;
using NormLab.Models.Verification;
using Xunit;

namespace NormLab.Models.Tests;

public sealed class ConvertTests : IDisposable
{
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("pre-rmsnorm")]
    [InlineData("pre-crmsnorm")]
    [InlineData("flashnorm")]
    public void Converted_file_loads_again_and_computes_the_original_function(string target)
    {
        var model = TestModels.SmallGpt();
        string path = Path.Combine(_files.Folder, target + ".safetensors");
        var manifest = ModelConverter.Convert(model, "builtin:test", target, path, StorageType.F64);
        var loaded = SafetensorsModels.Load(path);
        Assert.Equal(manifest.Config, loaded.Config);
        Assert.Equal(target, manifest.Steps[^1].Name);
        Assert.All(manifest.Steps, s => Assert.NotEmpty(s.Changes));
        Assert.Equal(target, ConversionManifest.Read(ModelConverter.ManifestPath(path)).Target);
        var input = ForwardInput.FromTokens(TestModels.SmallTokens);
        var m = OutputErrors.Compare(ModelForward.Float64(loaded).Run(input).Output, ModelForward.Float64(model).Run(input).Output,
            model.Config.Vocab, logits: true);
        Assert.True(m.MaxRelErr <= 1e-12, $"{target}: {m.MaxRelErr:E2}");
    }

    [Fact]
    public void Float32_output_is_float32_rounding_away_and_verify_passes_on_the_written_file()
    {
        var model = TestModels.Stories260K();
        string path = Path.Combine(_files.Folder, "stories-flash.safetensors");
        ModelConverter.Convert(model, "stories260K", "flashnorm", path, StorageType.F32);
        Assert.Equal("F32", SafetensorsFile.Open(path).Entries[0].Type.ToString());
        var rows = new ModelVerifier(ModelCatalog.Open(path)).Run().ToList();
        Assert.All(rows, r => Assert.True(r.Pass, $"{r.Variant} {r.Precision} {r.Layer}: {r.MaxRelErr:E2}"));
        Assert.True(SafetensorsModels.Load(path).Config.DeferredNorm);
    }

    [Fact]
    public void Conversion_to_an_inapplicable_target_fails_with_the_reason()
    {
        var e = Assert.Throws<UsageException>(() =>
            ModelConverter.Convert(TestModels.Stories260K(), "stories260K", "pre-crmsnorm", Path.Combine(_files.Folder, "x.safetensors"), StorageType.F64));
        Assert.Contains("zero-mean", e.Message);
    }
}
