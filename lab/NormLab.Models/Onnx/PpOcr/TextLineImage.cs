using SkiaSharp;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// A rendered text line as the recognizer wants it: black text on white, height 48, width a
/// multiple of 8, as x [1, 3, 48, W] with pixels scaled to [−1, 1] (v/255 − 0.5)/0.5.
/// </summary>
public sealed class TextLineImage
{
    public const int Height = 48;
    private const float TextSize = 34;
    private const int Padding = 8;

    private TextLineImage(string text, int width, float[] pixels, byte[] png)
    {
        Text = text;
        Width = width;
        Pixels = pixels;
        Png = png;
    }

    public string Text { get; }
    public int Width { get; }
    /// <summary>CHW, three identical channels.</summary>
    public float[] Pixels { get; }
    public byte[] Png { get; }

    public static TextLineImage Render(string text, SKTypeface typeface)
    {
        using var font = new SKFont(typeface, TextSize) { Edging = SKFontEdging.Antialias };
        float advance = font.MeasureText(text);
        int width = (int)Math.Ceiling((advance + 2 * Padding) / 8.0) * 8;
        var info = new SKImageInfo(width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            font.GetFontMetrics(out var m);
            // Centre the line box (ascent to descent) vertically.
            float baseline = (Height - (m.Descent - m.Ascent)) / 2 - m.Ascent;
            canvas.DrawText(text, Padding, baseline, SKTextAlign.Left, font, paint);
        }
        var pixels = new float[3 * Height * width];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                pixels[(0 * Height + y) * width + x] = Scale(c.Blue);  // PaddleOCR reads BGR
                pixels[(1 * Height + y) * width + x] = Scale(c.Green);
                pixels[(2 * Height + y) * width + x] = Scale(c.Red);
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return new TextLineImage(text, width, pixels, data.ToArray());
    }

    private static float Scale(byte v) => (v / 255f - 0.5f) / 0.5f;
}
