using ScottPlot;

namespace NormLab.Reports.Figures;

/// <summary>A figure a section asks for: its file stem under figures/, and how to draw it.</summary>
public sealed record Figure(string Stem, Func<Plot> Draw, int Width = 900, int Height = 540);

/// <summary>The figures of one report, collected while its Markdown is rendered.</summary>
public sealed class FigureList
{
    public const string Directory = "figures";
    private readonly List<Figure> figures = [];

    public IReadOnlyList<Figure> All => figures;

    /// <summary>Adds a figure; returns the Markdown that shows the PNG and links the SVG.</summary>
    public string Add(Figure figure, string caption)
    {
        if (figures.Any(f => f.Stem == figure.Stem))
            throw new ArgumentException($"figure '{figure.Stem}' was added twice.", nameof(figure));
        figures.Add(figure);
        return $"![{caption}]({Directory}/{figure.Stem}.png)\n\n*{caption}* ([SVG]({Directory}/{figure.Stem}.svg))\n";
    }

    /// <summary>
    /// Draws every figure as PNG and SVG into <paramref name="reportDirectory"/>/figures. All are drawn
    /// in memory first and each file is moved into place whole, so a figure that fails to draw leaves
    /// the previous report's files as they were.
    /// </summary>
    public IReadOnlyList<string> Save(string reportDirectory)
    {
        string target = Path.Combine(reportDirectory, Directory);
        var files = new List<(string Path, byte[] Bytes)>();
        foreach (var figure in figures)
        {
            var plot = figure.Draw();
            files.Add((Path.Combine(target, figure.Stem + ".png"), plot.GetImageBytes(figure.Width, figure.Height, ImageFormat.Png)));
            files.Add((Path.Combine(target, figure.Stem + ".svg"), System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(figure.Width, figure.Height))));
        }
        foreach (var (path, bytes) in files) NormLab.IO.AtomicOutput.WriteBytes(path, bytes);
        return files.Select(f => f.Path).ToList();
    }
}
