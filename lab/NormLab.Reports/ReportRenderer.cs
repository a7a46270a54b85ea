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
        new VitMnistSection(),
        new ThroughputSection(),
        new EndToEndSection(),
        new DepthSection(),
        new TrainingSection(),
    ];

    public static (string Markdown, FigureList Figures) Render(ReportInputs inputs)
    {
        var figures = new FigureList();
        var text = new StringBuilder();
        foreach (var section in Sections) text.Append(section.Render(inputs, figures)).Append('\n');
        return (text.ToString().TrimEnd('\n') + "\n", figures);
    }

    /// <summary>
    /// Reads <paramref name="dataDirectory"/>, writes index.md and figures/ into <paramref name="reportDirectory"/>.
    /// A missing data folder, or one holding none of the result files, is refused: rendering it would
    /// replace a full report with "No data" sections.
    /// </summary>
    public static IReadOnlyList<string> Write(string dataDirectory, string reportDirectory)
    {
        if (!Directory.Exists(dataDirectory))
            throw new DirectoryNotFoundException($"--data {dataDirectory}: no such folder.");
        NormLab.IO.AtomicOutput.RequireFolder(reportDirectory, "--out");
        var inputs = ReportInputs.Load(dataDirectory);
        if (inputs is { Check: null, Verify: null, Classification: null, Kernels: null, Models: null, Depth: null } && inputs.Training?.Any != true)
            throw new UsageException(
                $"--data {dataDirectory}: holds none of {ReportInputs.CheckFile}, {ReportInputs.VerifyFile}, {ReportInputs.ClassificationFile}, {ReportInputs.KernelsFile}, {ReportInputs.ModelsFile}, {ReportInputs.DepthFile}; nothing to report.");
        var (markdown, figures) = Render(inputs);
        string index = Path.Combine(reportDirectory, "index.md");
        // Figures first: index.md only changes once every figure it shows is in place.
        var written = figures.Save(reportDirectory);
        NormLab.IO.AtomicOutput.WriteText(index, markdown);
        return [index, .. written];
    }
}
