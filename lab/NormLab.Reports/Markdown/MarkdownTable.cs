using System.Text;

namespace NormLab.Reports.Markdown;

/// <summary>A GitHub-flavoured Markdown table; numeric-looking columns are right-aligned by the caller's choice.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];
    private readonly bool[] rightAligned = new bool[headers.Length];

    /// <summary>Right-aligns every column from <paramref name="firstColumn"/> on (the numbers).</summary>
    public MarkdownTable AlignRightFrom(int firstColumn)
    {
        for (int i = firstColumn; i < headers.Length; i++) rightAligned[i] = true;
        return this;
    }

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"a row needs {headers.Length} cells, had {cells.Length}.", nameof(cells));
        rows.Add(cells.Select(c => c.Replace("|", "\\|")).ToArray());
    }

    public int Count => rows.Count;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n");
        text.Append('|').Append(string.Join("|", rightAligned.Select(r => r ? "---:" : "---"))).Append("|\n");
        foreach (var row in rows) text.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        return text.ToString();
    }
}
