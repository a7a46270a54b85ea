using System.Text;
using SkiaSharp;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// Finds a font file that can draw given text. The Linux SkiaSharp build used here has no
/// fontconfig, so system fonts are found by scanning the usual font folders for .ttf/.otf/.ttc.
/// </summary>
public static class FontLocator
{
    private static readonly string[] Folders =
    [
        "/usr/share/fonts", "/usr/local/share/fonts",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fonts"),
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local/share/fonts"),
        "/System/Library/Fonts", "/Library/Fonts",
        Environment.GetFolderPath(Environment.SpecialFolder.Fonts),
    ];

    // Plain sans faces first: they are closest to the printed text the recognizer was trained on.
    private static readonly string[] Preferred = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf", "NotoSans-Regular.ttf"];

    /// <summary>A typeface that has a glyph for every character of <paramref name="text"/>, or null.</summary>
    public static SKTypeface? For(string text)
    {
        var files = Folders.Where(f => f.Length > 0 && Directory.Exists(f))
            .SelectMany(f => Directory.EnumerateFiles(f, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".otf", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".ttc", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => Array.IndexOf(Preferred, Path.GetFileName(f)) is var i && i >= 0 ? i : Preferred.Length)
            .ThenBy(f => f.Contains("Bold", StringComparison.OrdinalIgnoreCase) || f.Contains("Oblique", StringComparison.OrdinalIgnoreCase) || f.Contains("Italic", StringComparison.OrdinalIgnoreCase) ? 1 : 0)
            .ThenBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var face = SKTypeface.FromFile(file);
            if (face is null) continue;
            if (CanDraw(face, text)) return face;
            face.Dispose();
        }
        return CanDraw(SKTypeface.Default, text) ? SKTypeface.Default : null;
    }

    private static bool CanDraw(SKTypeface face, string text) =>
        text.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).All(r => face.ContainsGlyph(r.Value));
}
