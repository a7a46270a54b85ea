using System.Text;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Sections;

/// <summary>End-to-end speedups of each exported form over Pre-LN in ONNX Runtime (`normlab bench models`).</summary>
public sealed class EndToEndSection : IReportSection
{
    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("## End-to-end speedups (`normlab bench models`)\n\n");
        if (inputs.Models is not { } result) return text.Append(Missing.Data(ReportInputs.ModelsFile, "normlab bench models --json reports/data/bench-models.json")).ToString();
        text.Append($"Each model is exported to ONNX in every form and timed in ONNX Runtime (CPU, all cores), profile `{result.Profile}`. ")
            .Append("Speedup = Pre-LN time / form time, per run with the forms alternating; median and [min–max] over runs. ")
            .Append("\"max abs diff\" is the largest output difference from Pre-LN on the same input (same function, float32 rounding).\n\n");
        var table = new MarkdownTable("model", "batch × seq", "form", "runs", "median ms", "speedup vs Pre-LN [min–max]", "max abs diff").AlignRightFrom(3);
        var rows = result.Rows.OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Batch * r.Seq).ToArray();
        foreach (var r in rows)
        {
            table.Add(r.Model, $"{r.Batch} × {r.Seq}", r.Form, Format.Int(r.Runs), Format.Fixed(r.MedianMs, 2),
                $"{Format.Ratio(r.Speedup)} [{Format.Fixed(r.SpeedupMin, 2)}–{Format.Fixed(r.SpeedupMax, 2)}]", Format.Error(r.MaxAbsDiff));
        }
        text.Append(table).Append('\n');
        var bars = rows.Where(r => r.Form != "Pre-LN").ToArray();
        if (bars.Length > 0)
        {
            text.Append(figures.Add(new Figure("speedup-models", () => SpeedupFigure.Draw(bars)),
                "Speedup of each form over Pre-LN in ONNX Runtime (bar: median over runs; whiskers: min–max)"));
        }
        return text.ToString();
    }
}
