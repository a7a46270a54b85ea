using System.CommandLine;
using NormLab.Reports;

namespace NormLab.Cli.Commands;

/// <summary>`normlab report`: renders reports/index.md and reports/figures/*.png|svg from reports/data/*.json.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Directory of result JSON.", DefaultValueFactory = _ => "reports/data" };
        var output = new Option<string>("--out") { Description = "Report directory (index.md, figures/).", DefaultValueFactory = _ => "reports" };
        var command = new Command("report", "Render reports/index.md (paper-style tables) and figures (PNG, SVG) from the result JSON.");
        command.Options.Add(data);
        var gpu = new Option<string?>("--gpu") { Description = "Render a device run's folder (scripts/gpu/device-run.sh OUTDIR) into OUT/gpu/index.md instead." };
        command.Options.Add(output);
        command.Options.Add(gpu);
        command.SetAction(parse =>
        {
            if (parse.GetValue(gpu) is { } run)
            {
                string page = Path.Combine(parse.GetValue(output)!, "gpu", "index.md");
                NormLab.IO.AtomicOutput.Require(page, "--out");
                NormLab.IO.AtomicOutput.WriteText(page, NormLab.Reports.Gpu.GpuRunReport.Render(NormLab.Reports.Gpu.GpuRunFiles.Load(run)));
                Console.WriteLine($"wrote {page}");
                return 0;
            }
            var written = ReportRenderer.Write(parse.GetValue(data)!, parse.GetValue(output)!);
            foreach (string path in written) Console.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }
}
