using NormLab.Models.Onnx;
using NormLab.Models.Onnx.PpOcr;
using Xunit;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class OnnxConversionFileTests(PpOcrTestModel ppocr) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("normlab-convert-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Converted_file_has_a_manifest_and_verifies_against_its_source()
    {
        string output = Path.Combine(_dir, "rec.pre-crmsnorm.onnx");

        var manifest = OnnxConversionManifest.ConvertFile(ppocr.Files.ModelPath, OnnxStageTarget.PreCRmsNorm, output);
        var result = PpOcrVerification.Run(output, ppocr.Files.KeysPath, "converted");

        Assert.Equal(PpOcrFixture.ModelSha256, manifest.SourceSha256);
        var back = OnnxConversionManifest.TryRead(output)!;
        Assert.Equal((manifest.Source, manifest.Target), (back.Source, back.Target));
        Assert.Equal(manifest.Changes, back.Changes);
        Assert.Contains(manifest.Changes, c => c.Contains("→ CRMSNorm without parameters"));
        var row = Assert.Single(result.Rows);
        Assert.Equal(("pre-crmsnorm", "ort-float32", true), (row.Variant, row.Precision, row.Pass));
        Assert.All(result.Lines, l => Assert.Equal(l.Line.Original, l.Line.Converted));
    }

    [Fact]
    public void Converted_file_whose_source_changed_is_refused()
    {
        string source = Path.Combine(_dir, "source.onnx");
        File.Copy(ppocr.Files.ModelPath, source);
        string output = Path.Combine(_dir, "rec.pre-rmsnorm.onnx");
        OnnxConversionManifest.ConvertFile(source, OnnxStageTarget.PreRmsNorm, output);
        File.AppendAllText(source, "x");

        var e = Assert.Throws<InvalidDataException>(() => PpOcrVerification.Run(output, ppocr.Files.KeysPath, "converted"));
        Assert.Contains("sha256 differs", e.Message);
    }

    [Fact]
    public void Cli_branch_writes_the_model_and_manifest_and_refuses_unknown_targets()
    {
        string output = Path.Combine(_dir, "y.onnx");

        Assert.Equal(0, NormLab.Cli.Commands.OnnxConvertBranch.Run(ppocr.Files.ModelPath, "pre-rmsnorm", output));
        Assert.Throws<UsageException>(() => NormLab.Cli.Commands.OnnxConvertBranch.Run(ppocr.Files.ModelPath, "flashnorm", Path.Combine(_dir, "z.onnx")));

        Assert.True(File.Exists(OnnxConversionManifest.PathFor(output)));
        Assert.Empty(OnnxLayerNorm.FindAll(new OnnxGraph(OnnxModelFile.Load(output).Graph)));
        Assert.False(File.Exists(Path.Combine(_dir, "z.onnx")));
    }

    [Fact]
    public void Unknown_target_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => OnnxConversionManifest.ParseTarget("flashnorm"));
}
