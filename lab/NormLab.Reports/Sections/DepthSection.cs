using System.Text;
using System.Text.Json;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Sections;

/// <summary>
/// Depth analysis (`normlab depth`): its JSON rows shown as a table of their own fields (the depth
/// study owns its schema; the report does not restate it). An object with a "rows" array or a bare
/// array are both read.
/// </summary>
public sealed class DepthSection : IReportSection
{
    public const int MaxRows = 200;

    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("## Depth: variance growth and angular distance (`normlab depth`)\n\n");
        if (inputs.Depth is not { } depth) return text.Append(Missing.Data(ReportInputs.DepthFile, "normlab depth --json reports/data/depth.json")).ToString();
        var rows = RowsOf(depth).ToArray();
        if (rows.Length == 0) return text.Append("*`depth.json` holds no rows.*\n").ToString();
        var columns = rows.SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Distinct().ToArray();
        var table = new MarkdownTable(columns);
        foreach (var row in rows.Take(MaxRows))
            table.Add(columns.Select(c => row.TryGetProperty(c, out var v) ? Cell(v) : "").ToArray());
        text.Append($"{rows.Length} rows").Append(rows.Length > MaxRows ? $" (the first {MaxRows} shown)" : "").Append(".\n\n").Append(table);
        return text.ToString();
    }

    private static IEnumerable<JsonElement> RowsOf(JsonElement depth) =>
        depth.ValueKind == JsonValueKind.Array ? depth.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
        : depth.ValueKind == JsonValueKind.Object && depth.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array
            ? rows.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object) : [];

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out long n) ? Format.Int(n) : Format.Error(value.GetDouble()),
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "–",
        _ => value.GetRawText(),
    };
}
