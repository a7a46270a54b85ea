using System.Text;
using NormLab.Results;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;

namespace NormLab.Reports.Sections;

/// <summary>Title and the machine every measurement ran on, as captured in the JSON at measurement time.</summary>
public sealed class HeaderSection : IReportSection
{
    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("# NormLab report\n\n");
        text.Append("Rendered by `normlab report` from `reports/data/*.json`; every number below comes from those files.\n\n");
        // The GPU run has its own page (normlab report --gpu): its files come from another machine and another day.
        text.Append("GPU results, from the one-shot device run: [gpu/index.md](gpu/index.md) (how to run it: [gpu/README.md](gpu/README.md)).\n\n");
        var machines = new (string Source, MachineInfo? Machine)[]
        {
            ("check / verify / depth (run-all)", inputs.Machine),
            ("kernel benchmark", inputs.Kernels?.Machine),
            ("model benchmark", inputs.Models?.Machine),
        }.Where(m => m.Machine is not null).ToArray();
        if (machines.Length == 0)
        {
            text.Append("*Machine not recorded: no `machine.json` and no benchmark JSON.*\n");
            return text.ToString();
        }
        var table = new Markdown.MarkdownTable("results", "CPU", "cores", "SIMD", "OS", ".NET", "ONNX Runtime", "commit", "date (UTC)");
        foreach (var (source, m) in machines)
        {
            table.Add(source, m!.CpuModel, Markdown.Format.Int(m.Cores), $"{m.SimdWidthBits}-bit", m.Os, m.DotNet, m.OnnxRuntime,
                $"`{m.GitCommit}`", m.Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }
        text.Append(table);
        return text.ToString();
    }
}
