using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>One rendered line recognised by the original and by a converted graph in ONNX Runtime.</summary>
public sealed record OrtRecognition(string Text, int Width, string Original, string Converted, double MaxProbabilityDiff,
    double Top1Agreement, double MaxKl)
{
    public bool SameText => Original == Converted;
}

/// <summary>
/// The end-to-end check: text lines the lab renders itself, recognised by the original and a
/// converted model in ORT CPU, compared by decoded string and by max |Δ probability|.
/// </summary>
public static class PpOcrOrtComparison
{
    public static readonly string[] LatinSamples = ["0123456789", "Hello World", "NormLab 2024", "The quick brown fox"];
    public static readonly string[] CjkSamples = ["文字识别", "中国北京"];

    /// <summary>The sample lines this machine can draw; CJK ones only where a CJK font is installed.</summary>
    public static IReadOnlyList<TextLineImage> RenderSamples(out string note)
    {
        var latin = FontLocator.For(string.Concat(LatinSamples))
            ?? throw new InvalidOperationException("no font on this machine can draw Latin text (looked in the usual font folders)");
        var images = LatinSamples.Select(s => TextLineImage.Render(s, latin)).ToList();
        if (FontLocator.For(string.Concat(CjkSamples)) is { } cjk)
        {
            images.AddRange(CjkSamples.Select(s => TextLineImage.Render(s, cjk)));
            note = $"Latin in {latin.FamilyName}, Chinese in {cjk.FamilyName}";
        }
        else note = $"Latin in {latin.FamilyName}; no CJK font installed, so no Chinese lines";
        return images;
    }

    public static IReadOnlyList<OrtRecognition> Compare(PpOcrSession a, ModelProto converted, CtcGreedyDecoder decoder, IEnumerable<TextLineImage> images)
    {
        using var b = new PpOcrSession(converted);
        var rows = new List<OrtRecognition>();
        foreach (var image in images)
        {
            var (p, steps, _) = a.Run(image);
            var (q, stepsQ, _) = b.Run(image);
            if (p.Length != q.Length) throw new InvalidDataException($"'{image.Text}': converted model gives {q.Length} probabilities, original {p.Length}");
            double max = 0;
            for (int i = 0; i < p.Length; i++) max = Math.Max(max, Math.Abs(p[i] - q[i]));
            var (top1, kl) = Distributions(p, q, steps, decoder.Classes);
            rows.Add(new OrtRecognition(image.Text, image.Width, decoder.Decode(p, steps), decoder.Decode(q, stepsQ), max, top1, kl));
        }
        return rows;
    }

    /// <summary>Share of time steps with the same most probable class, and the largest KL(p ‖ q) over time steps.</summary>
    private static (double Top1, double MaxKl) Distributions(float[] p, float[] q, int steps, int classes)
    {
        int agree = 0;
        double maxKl = 0;
        for (int t = 0; t < steps; t++)
        {
            var pt = p.AsSpan(t * classes, classes);
            var qt = q.AsSpan(t * classes, classes);
            int ap = 0, aq = 0;
            double kl = 0;
            for (int c = 0; c < classes; c++)
            {
                if (pt[c] > pt[ap]) ap = c;
                if (qt[c] > qt[aq]) aq = c;
                if (pt[c] > 0) kl += pt[c] * Math.Log((double)pt[c] / qt[c]);
            }
            if (ap == aq) agree++;
            maxKl = Math.Max(maxKl, kl);
        }
        return ((double)agree / steps, maxKl);
    }
}
