using System.Text;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Sections;

/// <summary>
/// A real Pre-LN model on a real task (`normlab verify --model builtin:vit-mnist`): per form and
/// precision the worst per-layer and output error over every digit, the accuracy, and the agreement
/// with the float64 original, with every disagreement listed.
/// </summary>
public sealed class VitMnistSection : IReportSection
{
    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("## ViT-MNIST: a real Pre-LN model on real digits (`normlab verify --model builtin:vit-mnist`)\n\n");
        if (inputs.Classification is not { Count: > 0 } results)
            return text.Append(Missing.Data(ReportInputs.ClassificationFile,
                "normlab verify --model builtin:vit-mnist --classification-json reports/data/vit-mnist.json")).ToString();
        foreach (var result in results)
        {
            text.Append($"**{result.Model}** on {result.Data}. Each form is the original converted exactly (SPEC 1–3, 6); ")
                .Append("errors are the worst over every digit, against the float64 original; agreement is the share of digits whose ")
                .Append("predicted class equals the float64 original's.\n\n");
            var table = new MarkdownTable("variant", "precision", "output max rel err", "worst block rel err", "accuracy", "agreement", "disagreements")
                .AlignRightFrom(2);
            foreach (var c in result.Classes)
            {
                var rows = result.Rows.Where(r => r.Variant == c.Variant && r.Precision == c.Precision).ToList();
                var output = rows.FirstOrDefault(r => r.Layer == VerificationSection.OutputLayer);
                var blocks = rows.Where(r => r.Layer.StartsWith("block", StringComparison.Ordinal)).ToList();
                table.Add(c.Variant, c.Precision, output is null ? "– (reference)" : Format.Error(output.MaxRelErr),
                    blocks.Count == 0 ? "–" : Format.Error(blocks.Max(r => r.MaxRelErr)), Format.Fixed(100 * c.Accuracy, 2) + " %",
                    Format.Fixed(100 * c.Agreement, 2) + " %", Format.Int(c.Disagreements.Count));
            }
            text.Append(table).Append('\n');
            var listed = result.Classes.SelectMany(c => c.Disagreements.Select(d => (c.Variant, c.Precision, d))).ToList();
            text.Append(listed.Count == 0
                ? "No form in either precision changes the class of any digit.\n\n"
                : "Disagreements (digit index: true label, original → form class, logit margins original / form):\n\n" +
                  string.Concat(listed.Select(x => $"- {x.Variant} {x.Precision}: #{x.d.Index}: {x.d.Label}, {x.d.OriginalClass} → {x.d.FormClass}, " +
                                                   $"{Format.Error(x.d.OriginalMargin)} / {Format.Error(x.d.FormMargin)}\n")) + "\n");
            var perLayer = result.Rows.Where(r => r.Precision == "float64" && r.Variant != "original").ToList();
            if (perLayer.Count > 0)
                text.Append(figures.Add(new Figure("vit-mnist-layers", () => VerificationFigure.Draw(perLayer)),
                    "ViT-MNIST, float64: worst relative error over all digits per layer (blocks 1–6, then the logits), per converted form"));
        }
        return text.ToString();
    }
}
