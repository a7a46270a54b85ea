using NormLab.Reports.Data;
using NormLab.Reports.Figures;

namespace NormLab.Reports.Sections;

/// <summary>One part of reports/index.md: renders its Markdown from the inputs and adds the figures it shows.</summary>
public interface IReportSection
{
    string Render(ReportInputs inputs, FigureList figures);
}

/// <summary>The line a section prints when its JSON is not there.</summary>
public static class Missing
{
    public static string Data(string file, string command) =>
        $"*No data: `reports/data/{file}` is missing. Run `{command}` (or `run-all`) to produce it.*\n";
}
