using NormLab.Models.Onnx.PpOcr;
using Xunit;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class PpOcrVerificationTests(PpOcrTestModel ppocr)
{
    [Fact]
    public void Builtin_verification_passes_every_row_with_identical_strings()
    {
        var result = PpOcrVerification.Run(ppocr.Files.ModelPath, ppocr.Files.KeysPath, "builtin:ppocrv4");

        // 2 variants × 2 precisions × (2 blocks + output) stage rows, plus one ORT row per variant.
        Assert.Equal(2 * 2 * 3 + 2, result.Rows.Count);
        Assert.All(result.Rows, r => Assert.True(r.Pass, $"{r.Variant} {r.Precision} {r.Layer}: rel {r.MaxRelErr:E2}"));
        var ort = result.Rows.Where(r => r.Precision == "ort-float32").ToList();
        Assert.All(ort, r => Assert.Equal(1.0, r.Top1Agreement));
        Assert.All(result.Lines, l => Assert.Equal(l.Line.Text, l.Line.Original));
        Assert.All(result.Lines, l => Assert.Equal(l.Line.Original, l.Line.Converted));
    }
}
