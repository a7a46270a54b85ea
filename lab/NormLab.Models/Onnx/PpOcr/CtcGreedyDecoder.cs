namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// CTC greedy decoding for PP-OCR: the most probable class per time step, repeats merged, blanks
/// (class 0) dropped; class i ≥ 1 is line i − 1 of ppocr_keys_v1.txt, and the class after the last
/// line is a space.
/// </summary>
public sealed class CtcGreedyDecoder
{
    private readonly string[] _characters;

    public CtcGreedyDecoder(IReadOnlyList<string> keys) => _characters = ["", .. keys, " "];

    public int Classes => _characters.Length;

    public static CtcGreedyDecoder FromKeysFile(string path)
    {
        var lines = File.ReadAllText(path).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return new CtcGreedyDecoder(lines);
    }

    /// <summary>Decodes probabilities [T, classes] (row-major).</summary>
    public string Decode(ReadOnlySpan<float> probs, int steps)
    {
        if (probs.Length != steps * Classes)
            throw new ArgumentException($"probabilities hold {probs.Length} values, expected {steps}×{Classes}", nameof(probs));
        var text = new System.Text.StringBuilder();
        int previous = 0;
        for (int t = 0; t < steps; t++)
        {
            int best = 0;
            var row = probs.Slice(t * Classes, Classes);
            for (int c = 1; c < Classes; c++) if (row[c] > row[best]) best = c;
            if (best != 0 && best != previous) text.Append(_characters[best]);
            previous = best;
        }
        return text.ToString();
    }
}
