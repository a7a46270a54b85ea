using NormLab.Check;
using System.Text;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Sections;

/// <summary>Kernel accuracy from `normlab check`: worst error per variant, backend and dtype over all shapes and inputs.</summary>
public sealed class AccuracySection : IReportSection
{
    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("## Kernel accuracy (`normlab check`)\n\n");
        if (inputs.Check is not { } rows) return text.Append(Missing.Data(ReportInputs.CheckFile, "normlab check --json reports/data/check.json")).ToString();
        int failed = rows.Count(r => !r.Pass);
        text.Append($"{rows.Count} cases (shapes × input families), {failed} failing. Each kernel is compared with the float64 reference; ")
            .Append("errors are the worst over its cases; ULPs are float32 units in the last place of the reference output.\n\n");
        var table = new MarkdownTable("variant", "backend", "dtype", "cases", "max abs err", "max rel err", "max ULP", "bound", "pass").AlignRightFrom(3);
        foreach (var group in Groups(rows))
        {
            var g = group.ToArray();
            table.Add(group.Key.Variant, group.Key.Backend, group.Key.Dtype, Format.Int(g.Length),
                Format.Error(MaxFinite(g.Select(r => r.MaxAbsErr))), Format.Error(MaxFinite(g.Select(r => r.MaxRelErr))),
                Format.Fixed(MaxFinite(g.Select(r => r.MaxUlp)), 0), Format.Error(g.Max(r => r.Bound)),
                g.All(r => r.Pass) ? "✓" : $"✗ {g.Count(r => !r.Pass)} failing");
        }
        text.Append(table).Append('\n');
        if (failed > 0)
        {
            text.Append("Failing cases:\n\n");
            var failures = new MarkdownTable("variant", "backend", "dtype", "rows", "d", "inputs", "max rel err", "max ULP", "bound").AlignRightFrom(3);
            foreach (var r in rows.Where(r => !r.Pass).Take(50))
                failures.Add(r.Variant, r.Backend, r.Dtype, Format.Int(r.Rows), Format.Int(r.D), r.Inputs, Format.Error(r.MaxRelErr), Format.Fixed(r.MaxUlp, 0), Format.Error(r.Bound));
            text.Append(failures).Append('\n');
        }
        text.Append(figures.Add(new Figure("accuracy-ulp", () => AccuracyFigure.Draw(rows)),
            "Distribution of the max error in float32 ULPs per case, by kernel (log scale; each dot one shape × input family)"));
        return text.ToString();
    }

    public static IEnumerable<IGrouping<(string Variant, string Backend, string Dtype), CheckResult>> Groups(IEnumerable<CheckResult> rows) =>
        rows.GroupBy(r => (r.Variant, r.Backend, r.Dtype)).OrderBy(g => g.Key.Variant, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Backend, StringComparer.Ordinal).ThenBy(g => g.Key.Dtype, StringComparer.Ordinal);

    /// <summary>Largest finite value (NaN rows are the NaN/Inf input family, judged by their own rule); 0 if none.</summary>
    public static double MaxFinite(IEnumerable<double> values) => values.Where(double.IsFinite).DefaultIfEmpty(0).Max();
}
