using NormLab.Results;
using System.Text;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Sections;

/// <summary>Theorem verification on real models (`normlab verify`): each converted form against the original.</summary>
public sealed class VerificationSection : IReportSection
{
    public const string OutputLayer = "output";

    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("## Theorem verification on real models (`normlab verify`)\n\n");
        if (inputs.Verify is not { } rows) return text.Append(Missing.Data(ReportInputs.VerifyFile, "normlab verify --json reports/data/verify.json")).ToString();
        text.Append("Each converted form (Pre-RMSNorm, Pre-CRMSNorm, FlashNorm, …) is run beside the original on fixed seeded inputs. ")
            .Append("\"output\" is the model's output; \"worst layer\" the largest relative error at any layer. ")
            .Append("Top-1 agreement and KL are over the output distribution where the model has one.\n\n");
        var table = new MarkdownTable("model", "variant", "precision", "output max abs err", "output max rel err", "worst layer rel err", "top-1 agreement", "max KL", "pass")
            .AlignRightFrom(3);
        foreach (var group in Groups(rows))
        {
            var g = group.ToArray();
            var output = g.FirstOrDefault(r => r.Layer == OutputLayer) ?? g[^1];
            table.Add(group.Key.Model, group.Key.Variant, group.Key.Precision, Format.Error(output.MaxAbsErr), Format.Error(output.MaxRelErr),
                Format.Error(g.Max(r => r.MaxRelErr)), output.Top1Agreement is { } t ? Format.Percent(t) : "–",
                output.MaxKl is { } kl ? Format.Error(kl) : "–", g.All(r => r.Pass) ? "✓" : $"✗ {g.Count(r => !r.Pass)} failing");
        }
        text.Append(table).Append('\n');
        var float64 = rows.Where(r => r.Precision == "float64" && r.Layer != OutputLayer).ToArray();
        if (float64.Length > 0)
        {
            text.Append(figures.Add(new Figure("verify-layers", () => VerificationFigure.Draw(float64)),
                "Float64 relative error of each converted form against the original, layer by layer (log scale): rounding noise, growing with depth"));
        }
        return text.ToString();
    }

    public static IEnumerable<IGrouping<(string Model, string Variant, string Precision), VerificationRow>> Groups(IEnumerable<VerificationRow> rows) =>
        rows.GroupBy(r => (r.Model, r.Variant, r.Precision));
}
