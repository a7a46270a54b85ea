using System.Text;
using NormLab.Results;
using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Sections;

/// <summary>Kernel throughput (`normlab bench kernels`): GB/s, share of the copy bandwidth and of the roofline, ratio to ORT and to scalar.</summary>
public sealed class ThroughputSection : IReportSection
{
    public string Render(ReportInputs inputs, FigureList figures)
    {
        var text = new StringBuilder("## Kernel throughput (`normlab bench kernels`)\n\n");
        if (inputs.Kernels is not { } result) return text.Append(Missing.Data(ReportInputs.KernelsFile, "normlab bench kernels --json reports/data/bench-kernels.json")).ToString();
        text.Append($"GB/s = (bytes read + bytes written) / median time per call. Profile `{result.Profile}`, {result.Rounds} interleaved rounds: ")
            .Append("in each round our kernel, ONNX Runtime (intra-op threads = all cores, IOBinding over the same buffers) and the all-core roofline streams ")
            .Append("of as many bytes (read-only sum, copy, y = a·x with ordinary and with non-temporal stores; the limit is the best of them) ")
            .Append("run back to back on the same data; a ratio is the median of its per-round values, [min–max] its spread. ")
            .Append($"ORT ops: LayerNorm = `{result.OrtLayerNormOp}`; RMSNorm = the faster per round of `{result.OrtRmsNormOp}`.\n\n")
            .Append(string.Concat((result.OrtRefused ?? []).Select(r => $"ORT could not run `{r}`; those rows have no ORT ratio.\n\n")));
        text.Append(TargetTable(result.Rows)).Append('\n');
        int largest = result.Rows.Max(r => r.Rows);
        text.Append($"### {largest} rows\n\n").Append(ShapeTable(result.Rows.Where(r => r.Rows == largest))).Append('\n');
        var others = result.Rows.Where(r => r.Rows != largest).ToArray();
        if (others.Length > 0)
            text.Append("<details><summary>Smaller row counts</summary>\n\n").Append(ShapeTable(others)).Append("\n</details>\n\n");
        foreach (string dtype in result.Rows.Select(r => r.Dtype).Distinct().Order(StringComparer.Ordinal))
        {
            var rows = result.Rows.Where(r => r.Rows == largest && r.Dtype == dtype).ToArray();
            text.Append(figures.Add(new Figure($"throughput-{dtype}", () => ThroughputFigure.Draw(rows, largest, dtype)),
                $"Throughput vs d at {largest} rows, {dtype}: our kernels, ONNX Runtime and the all-core copy (the bandwidth line)")).Append('\n');
        }
        text.Append(DecodeTable(result.Rows.Where(r => r.Rows < largest))).Append(WidthTable(result, inputs.Kernels256Bit));
        var compared = result.Rows.Where(r => r.VsOrt is not null && r.Rows == largest && r.Backend != "scalar").ToArray();
        if (compared.Length > 0)
        {
            text.Append(figures.Add(new Figure("speedup-vs-ort", () => KernelRatioFigure.Draw(compared)),
                $"Our SIMD kernels over ONNX Runtime at {largest} rows (bar: median over rounds; whiskers: min–max)"));
        }
        return text.ToString();
    }

    private static string TargetTable(IReadOnlyList<KernelBenchRow> rows)
    {
        var judged = rows.Where(Targets.Applies).ToArray();
        if (judged.Length == 0) return $"*Targets not judged: no {Targets.Rows} × d ≥ {Targets.MinD} rows in this run.*\n";
        var text = new StringBuilder($"**Targets** at {Targets.Rows} × d ≥ {Targets.MinD}: ≥ {Format.Fixed(Targets.VsRoofline, 2)} of the roofline for every variant; ")
            .Append("LayerNorm and RMSNorm ≥ 1.25× ORT in float32, ≥ 1.5× in float16.\n\n");
        var table = new MarkdownTable("variant", "backend", "dtype", "d", "of roofline", "roofline target", "× ORT", "ORT target").AlignRightFrom(3);
        foreach (var r in Order(judged))
        {
            double? ortTarget = Targets.VsOrt(r.Variant, r.Dtype);
            table.Add(r.Variant, r.Backend, r.Dtype, Format.Int(r.D), r.VsRoofline is { } f ? Format.Percent(f) : "–",
                r.VsRoofline is null ? "–" : r.VsRoofline >= Targets.VsRoofline ? "met" : "**short**",
                Format.Ratio(r.VsOrt), ortTarget is null || r.VsOrt is null ? "–" : r.VsOrt >= ortTarget ? "met" : "**short**");
        }
        return text.Append(table).ToString();
    }

    /// <summary>Decode shapes (a few rows): the time of one call matters, not bandwidth.</summary>
    private static string DecodeTable(IEnumerable<KernelBenchRow> rows)
    {
        var decode = Order(rows.Where(r => r.Backend == "simd" && r.VsOrt is not null)).ToArray();
        if (decode.Length == 0) return "";
        var table = new MarkdownTable("variant", "dtype", "rows", "d", "ours µs/call", "ORT µs/call", "× ORT [min–max]").AlignRightFrom(2);
        foreach (var r in decode)
            table.Add(r.Variant, r.Dtype, Format.Int(r.Rows), Format.Int(r.D), Format.Fixed(r.Seconds * 1e6, 1), Format.Fixed(r.Seconds * r.VsOrt!.Value * 1e6, 1),
                $"{Format.Ratio(r.VsOrt)} [{Format.Fixed(r.VsOrtMin!.Value, 2)}–{Format.Fixed(r.VsOrtMax!.Value, 2)}]");
        return "### Decode shapes: latency per call\n\nSIMD kernels at the small row counts (one token, a small batch), microseconds per call " +
            "(median); ORT's time is ours × the same-round ratio. Work under 40 Ki elements runs on the calling thread (no pool wake-up).\n\n" + table + "\n";
    }

    /// <summary>The same kernels with the 512-bit branch switched off (run-all's second, smaller bench), next to the default width.</summary>
    private static string WidthTable(KernelBenchResult wide, KernelBenchResult? narrow)
    {
        if (narrow is null) return "";
        var table = new MarkdownTable("variant", "dtype", "rows", "d", $"GB/s {wide.Machine.SimdWidthBits}-bit", $"GB/s {narrow.Machine.SimdWidthBits}-bit",
            "of roofline (wide / narrow)", "× ORT (wide / narrow)").AlignRightFrom(2);
        foreach (var n in Order(narrow.Rows.Where(r => r.Backend == "simd")))
        {
            var w = wide.Rows.FirstOrDefault(r => r.Backend == "simd" && r.Variant == n.Variant && r.Dtype == n.Dtype && r.Rows == n.Rows && r.D == n.D);
            if (w is null) continue;
            table.Add(n.Variant, n.Dtype, Format.Int(n.Rows), Format.Int(n.D), Format.Fixed(w.Gbps, 1), Format.Fixed(n.Gbps, 1),
                $"{(w.VsRoofline is { } a ? Format.Percent(a) : "–")} / {(n.VsRoofline is { } b ? Format.Percent(b) : "–")}",
                $"{Format.Ratio(w.VsOrt)} / {Format.Ratio(n.VsOrt)}");
        }
        return $"### Per vector width\n\nThe SIMD kernels run the widest accelerated width; run-all times LayerNorm and RMSNorm again in a child process with " +
            $"`DOTNET_EnableAVX512=0` ({narrow.Machine.Summary}), ORT and the roofline re-measured in that run.\n\n" + table + "\n";
    }

    private static string ShapeTable(IEnumerable<KernelBenchRow> rows)
    {
        var table = new MarkdownTable("variant", "backend", "dtype", "rows", "d", "GB/s", "copy GB/s", "of copy [min–max]", "roofline GB/s",
            "of roofline [min–max]", "× ORT [min–max]", "× scalar").AlignRightFrom(3);
        foreach (var r in Order(rows))
        {
            table.Add(r.Variant, r.Backend, r.Dtype, Format.Int(r.Rows), Format.Int(r.D), Format.Fixed(r.Gbps, 1), Format.Fixed(r.CopyGbps, 1),
                $"{Format.Percent(r.VsCopy)} [{Format.Fixed(100 * r.VsCopyMin, 0)}–{Format.Fixed(100 * r.VsCopyMax, 0)}]",
                r.RooflineGbps is { } limit ? Format.Fixed(limit, 1) : "–",
                r.VsRoofline is { } f ? $"{Format.Percent(f)} [{Format.Fixed(100 * r.VsRooflineMin!.Value, 0)}–{Format.Fixed(100 * r.VsRooflineMax!.Value, 0)}]" : "–",
                r.VsOrt is { } o ? $"{Format.Ratio(o)} [{Format.Fixed(r.VsOrtMin!.Value, 2)}–{Format.Fixed(r.VsOrtMax!.Value, 2)}]" : "–",
                Format.Ratio(r.VsScalar));
        }
        return table.ToString();
    }

    /// <summary>The order of every throughput table: as measured by variant, then backend, dtype, rows, d.</summary>
    public static IEnumerable<KernelBenchRow> Order(IEnumerable<KernelBenchRow> rows) =>
        rows.OrderBy(r => r.Dtype, StringComparer.Ordinal).ThenBy(r => r.Variant, StringComparer.Ordinal)
            .ThenBy(r => r.Backend, StringComparer.Ordinal).ThenBy(r => r.Rows).ThenBy(r => r.D);
}
