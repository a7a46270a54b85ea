using NormLab.Models.Forward;
using NormLab.Models.Onnx.PpOcr;

namespace NormLab.Models.Depth;

/// <summary>
/// PP-OCRv4's transformer stage as a depth target: the original (Pre-LN) stage mapped onto the neutral
/// model, run on the real stage input — the CNN's output that ORT computes for a rendered text line.
/// Fetches the fixture like `normlab fixtures fetch` when it is missing.
/// </summary>
public static class DepthPpOcr
{
    public const string Text = "Hello World";

    public static DepthTarget Load(string text = Text)
    {
        var files = PpOcrFixture.EnsureAsync().GetAwaiter().GetResult();
        using var model = PpOcrModel.Open(files.ModelPath);
        var font = FontLocator.For(text)
            ?? throw new InvalidOperationException($"no font on this machine draws '{text}'; install e.g. fonts-dejavu");
        var input = PpOcrStageVerification.Capture(model, TextLineImage.Render(text, font));
        var neutral = PpOcrStageModel.Original(model, "ppocrv4-svtr-stage");
        return new DepthTarget(neutral, ForwardInput.FromSequence(input.Sequence, input.Width), $"stage input of the text line '{text}'");
    }
}
