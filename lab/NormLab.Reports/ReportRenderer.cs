using System.Text;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Sections;

namespace NormLab.Reports;

/// <summary>
/// Renders reports/index.md from the result JSON, section by section, and collects the figures the
/// sections ask for. Pure: the same inputs give the same Markdown, byte for byte.
/// </summary>
public static class ReportRenderer
{
    public static IReadOnlyList<IReportSection> Sections { get; } =
    [
        new HeaderSection(),
        new AccuracySection(),
        new VerificationSection(),
        new ThroughputSection(),
        new EndToEndSection(),
        new DepthSection(),
    ];

    public static (string Markdown, FigureList Figures) Render(ReportInputs inputs)
    {
        var figures = new FigureList();
        var text = new StringBuilder();
        foreach (var section in Sections) text.Append(section.Render(inputs, figures)).Append('\n');
        return (text.ToString().TrimEnd('\n') + "\n", figures);
    }

    /// <summary>Reads <paramref name="dataDirectory"/>, writes index.md and figures/ into <paramref name="reportDirectory"/>.</summary>
    public static IReadOnlyList<string> Write(string dataDirectory, string reportDirectory)
    {
        var (markdown, figures) = Render(ReportInputs.Load(dataDirectory));
        Directory.CreateDirectory(reportDirectory);
        string index = Path.Combine(reportDirectory, "index.md");
        File.WriteAllText(index, markdown);
        return [index, .. figures.Save(reportDirectory)];
    }
}
