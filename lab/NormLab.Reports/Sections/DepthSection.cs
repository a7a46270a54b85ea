using NormLab.Results;
using System.Text;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Sections;

/// <summary>
/// Depth analysis (`normlab depth`): the study's per-depth summary, the models' last-layer
/// statistics, and the depth figures, which `normlab depth --figures reports/figures` draws from the
/// same rows when it measures (run-all does so).
/// </summary>
public sealed class DepthSection : IReportSection
{
    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("## Depth: variance growth and angular distance (`normlab depth`)\n\n");
        if (inputs.Depth is not { } depth) return text.Append(Missing.Data(ReportInputs.DepthFile, "normlab depth --study --json reports/data/depth.json")).ToString();
        foreach (var (name, meaning) in depth.Definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
            text.Append($"- **{name}**: {meaning}\n");
        text.Append('\n');
        if (depth.Study is { } study)
        {
            text.Append($"Synthetic study at initialization: d = {study.Dim}, {study.Heads} heads, MLP {study.Hidden}, {study.Tokens} tokens, ")
                .Append($"depths {string.Join(", ", study.Depths)}, seeds {string.Join(", ", study.Seeds)}; {study.Init}; {study.Precision}.\n\n");
        }
        if (depth.Summary.Count > 0)
        {
            var table = new MarkdownTable("variant", "depth", "final variance (mean [min–max])", "growth vs shallowest", "final angular distance", "mean angular distance", "final max/median")
                .AlignRightFrom(1);
            foreach (var r in depth.Summary)
                table.Add(r.Variant, Format.Int(r.Depth), Spread(r.FinalVariance), Format.Fixed(r.FinalVarianceGrowth, 2) + "×",
                    Spread(r.FinalAngularDistance), Spread(r.MeanAngularDistance), Spread(r.FinalMaxToMedian));
            text.Append(table).Append('\n');
        }
        var models = depth.Rows.Where(r => r.Source == DepthRow.ModelSource).GroupBy(r => (r.Model, r.Variant, r.Precision)).ToArray();
        if (models.Length > 0)
        {
            var table = new MarkdownTable("model", "variant", "precision", "blocks", "variance: entry → last", "max/median at last", "angular distance: first → last block").AlignRightFrom(3);
            foreach (var m in models)
            {
                var rows = m.OrderBy(r => r.Layer).ToArray();
                var blocks = rows.Where(r => r.AngularDistance is not null).ToArray();
                table.Add(m.Key.Model, m.Key.Variant, m.Key.Precision, Format.Int(rows[^1].Layer),
                    $"{Format.Error(rows[0].Variance)} → {Format.Error(rows[^1].Variance)}", Format.Fixed(rows[^1].MaxToMedian, 1),
                    blocks.Length == 0 ? "–" : $"{Format.Fixed(blocks[0].AngularDistance!.Value, 3)} → {Format.Fixed(blocks[^1].AngularDistance!.Value, 3)}");
            }
            text.Append(table).Append('\n');
        }
        var stems = new List<(string Stem, string Caption)>();
        if (depth.Rows.Any(r => r.Source == DepthRow.StudySource))
        {
            stems.Add(("depth-variance", "Hidden-state variance after each block at init, by variant (seed band)"));
            stems.Add(("depth-angular", "Angular distance of each block at init, by variant"));
            stems.Add(("depth-massive", "max|x| / median|x| after each block at init"));
        }
        if (models.Length > 0)
        {
            stems.Add(("depth-models-variance", "Models: hidden-state variance after each block"));
            stems.Add(("depth-models-angular", "Models: angular distance of each block"));
        }
        foreach (var (stem, caption) in stems)
            text.Append($"![{caption}]({FigureList.Directory}/{stem}.png)\n\n*{caption}* ([SVG]({FigureList.Directory}/{stem}.svg); drawn by `normlab depth --figures`)\n\n");
        return text.ToString();
    }

    private static string Spread(SeedSpread s) => $"{Format.Error(s.Mean)} [{Format.Error(s.Min)}–{Format.Error(s.Max)}]";
}
