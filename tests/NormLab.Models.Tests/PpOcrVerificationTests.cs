using NormLab.Models.Onnx.PpOcr;
using NormLab.Models.Verification;
using Xunit;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class PpOcrVerificationTests(PpOcrTestModel ppocr)
{
    [Fact]
    public void Builtin_ppocrv4_is_listed_and_every_row_passes()
    {
        Assert.Contains(ModelCatalog.Builtins, b => b.Name == PpOcrVerificationTarget.BuiltinName);
        Assert.True(File.Exists(ppocr.Files.ModelPath));

        var rows = new ModelVerifier(ModelCatalog.Open("builtin:ppocrv4")).Run().ToList();

        Assert.All(rows, r => Assert.True(r.Pass, $"{r.Variant} {r.Precision} {r.Layer}: rel {r.MaxRelErr:E2}"));
        var onnx = rows.Where(r => r.Variant.StartsWith(PpOcrVerificationTarget.VariantPrefix)).ToList();
        // The ONNX path's own rows: 2 targets × 2 precisions × (2 blocks + output), plus one ORT row per target.
        Assert.Equal(2 * 2 * 3 + 2, onnx.Count);
        Assert.All(onnx.Where(r => r.Precision == "float64"), r => Assert.InRange(r.MaxRelErr, 0, 1e-10));
        Assert.All(onnx.Where(r => r.Precision == "ort-float32"), r => Assert.Equal(1.0, r.Top1Agreement));
        // The shared verifier's own conversions of the mapped stage ran too.
        Assert.Contains(rows, r => r.Variant == "pre-crmsnorm" && r.Precision == "float64" && r.Layer == "output");
    }
}
