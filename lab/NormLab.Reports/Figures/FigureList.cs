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

    /// <summary>Draws every figure as PNG and SVG into <paramref name="reportDirectory"/>/figures.</summary>
    public IReadOnlyList<string> Save(string reportDirectory)
    {
        string target = Path.Combine(reportDirectory, Directory);
        System.IO.Directory.CreateDirectory(target);
        var written = new List<string>();
        foreach (var figure in figures)
        {
            var plot = figure.Draw();
            string png = Path.Combine(target, figure.Stem + ".png");
            string svg = Path.Combine(target, figure.Stem + ".svg");
            plot.SavePng(png, figure.Width, figure.Height);
            plot.SaveSvg(svg, figure.Width, figure.Height);
            written.Add(png);
            written.Add(svg);
        }
        return written;
    }
}
