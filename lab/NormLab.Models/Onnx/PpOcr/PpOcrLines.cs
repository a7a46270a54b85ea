namespace NormLab.Models.Onnx.PpOcr;

/// <summary>The rendered sample lines, which fonts drew them, and the CTC decoder: made once per run.</summary>
public sealed record PpOcrLines(IReadOnlyList<TextLineImage> Images, string FontNote, CtcGreedyDecoder Decoder)
{
    public static PpOcrLines Render(string keysPath)
    {
        var images = PpOcrOrtComparison.RenderSamples(out string fonts);
        return new PpOcrLines(images, fonts, CtcGreedyDecoder.FromKeysFile(keysPath));
    }

    /// <summary>The longest line gives the stage the most positions (T = W/8) to agree on.</summary>
    public TextLineImage Widest => Images.MaxBy(i => i.Width)!;
}
