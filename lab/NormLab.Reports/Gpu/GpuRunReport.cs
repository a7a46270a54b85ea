using System.Globalization;
using System.Text;
using NormLab.Reports.Markdown;

namespace NormLab.Reports.Gpu;

/// <summary>
/// reports/gpu/index.md from one device run: the machine line (device, driver, CUDA, torch, date), the steps,
/// the CUDA check summary, the kernel bench table and the PyTorch forms table. A missing file is named, not fatal.
/// </summary>
public static class GpuRunReport
{
    public static string Render(GpuRunFiles run)
    {
        var text = new StringBuilder("# GPU run\n\n");
        text.Append($"Rendered by `normlab report --gpu` from the files of `scripts/gpu/device-run.sh` ({Path.GetFileName(run.Folder.TrimEnd('/'))}).\n\n");
        text.Append(MachineLine(run)).Append("\n\n");
        Steps(run, text);
        Check(run, text);
        Bench(run, text);
        Forms(run, text);
        return text.ToString().TrimEnd('\n') + "\n";
    }

    public static string MissingLine(string file) => $"*`{file}` is missing from the run's folder: that step wrote nothing.*\n\n";

    /// <summary>The report's usual "machine, versions, date" line, from versions.txt and the JSON metas.</summary>
    private static string MachineLine(GpuRunFiles run)
    {
        var v = run.Versions;
        string? Meta(string key) => run.Forms?.Meta is { } m && m.TryGetValue(key, out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
        string device = run.Bench?.Device ?? Meta("gpu") ?? Get(v, "gpu") ?? "no GPU recorded";
        string driver = Get(v, "gpu")?.Split(',').ElementAtOrDefault(1)?.Trim() ?? Meta("driver") ?? "–";
        string cuda = Get(v, "driver cuda") ?? "–";
        string torch = Get(v, "torch") ?? Meta("torch") ?? "–";
        string mode = Get(v, "mode") ?? "–";
        return $"Machine: **{device}**; driver {driver}; CUDA {cuda}; torch {torch}; mode {mode}; commit `{Get(v, "commit") ?? "–"}`; date {Get(v, "date") ?? Meta("date") ?? "–"}."
            + (v is null ? $" (`{GpuRunFiles.VersionsFile}` is missing.)" : "");
    }

    private static string? Get(IReadOnlyDictionary<string, string>? v, string key) => v is not null && v.TryGetValue(key, out var s) && s.Length > 0 ? s : null;

    private static void Steps(GpuRunFiles run, StringBuilder text)
    {
        text.Append("## Steps\n\n");
        if (run.Steps is null) { text.Append(MissingLine(GpuRunFiles.StepsFile)); return; }
        var table = new MarkdownTable("step", "exit", "seconds", "note");
        foreach (var s in run.Steps) table.Add(s.ElementAtOrDefault(0) ?? "", s.ElementAtOrDefault(1) ?? "", s.ElementAtOrDefault(2) ?? "", s.ElementAtOrDefault(4) ?? "");
        text.Append(table).Append('\n');
    }

    private static void Check(GpuRunFiles run, StringBuilder text)
    {
        text.Append("## Accuracy on the device (`check --quick`)\n\n");
        if (run.Check is null) { text.Append(MissingLine(GpuRunFiles.CheckFile)); return; }
        var table = new MarkdownTable("backend", "version", "cases", "failures", "worst ULP / bound").AlignRightFrom(2);
        foreach (var g in run.Check.GroupBy(c => (c.Backend, c.Version ?? "–")).OrderBy(g => g.Key.Backend, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal))
        {
            var worst = g.MaxBy(c => c.Bound > 0 ? c.MaxUlp / c.Bound : c.MaxUlp)!;
            table.Add(g.Key.Backend, g.Key.Item2, Format.Int(g.Count()), Format.Int(g.Count(c => !c.Pass)),
                $"{Format.Fixed(worst.MaxUlp, 2)} / {Format.Fixed(worst.Bound, 2)} ({worst.Variant} {worst.Dtype})");
        }
        text.Append(table).Append('\n');
    }

    private static void Bench(GpuRunFiles run, StringBuilder text)
    {
        text.Append("## Kernels on the device (`bench kernels --backend cuda`)\n\n");
        if (run.Bench is null) { text.Append(MissingLine(GpuRunFiles.BenchFile)); return; }
        text.Append("GB/s of each version vs a device-to-device copy of the same bytes and vs PyTorch eager/compile (ratios > 1: the lab's kernel is faster); – where a version failed its check or an anchor is absent.\n\n");
        var table = new MarkdownTable("variant", "dtype", "rows × d", "version", "check", "ms", "[min–max]", "GB/s", "vs copy", "vs torch", "vs compile").AlignRightFrom(5);
        foreach (var r in run.Bench.Rows)
            table.Add(r.Variant, r.Dtype, $"{r.Rows} × {r.D}", r.Pick is { } pick ? $"{r.Version} → {pick}" : r.Version,
                r.Pass ? "✓" : $"✗ {Format.Fixed(r.MaxUlp, 1)} > {Format.Fixed(r.Bound, 1)} ULP",
                Num(r.Ms, 4), r.MsMin is { } lo && r.MsMax is { } hi ? $"{Num(lo, 4)}–{Num(hi, 4)}" : "–", Num(r.Gbps, 0), Format.Ratio(r.VsCopy), Format.Ratio(r.VsTorch), Format.Ratio(r.VsTorchCompile));
        text.Append(table).Append('\n');
    }

    private static void Forms(GpuRunFiles run, StringBuilder text)
    {
        text.Append("## Model forms in PyTorch (`torch_forms.py`)\n\n");
        if (run.Forms is null) { text.Append(MissingLine(GpuRunFiles.FormsFile)); return; }
        var checks = new MarkdownTable("shape", "form", "max abs Δ vs lab float64", "relative", "check").AlignRightFrom(2);
        foreach (var c in run.Forms.Checks)
            checks.Add(c.Shape, c.Form, Format.Error(c.MaxAbs), c.MaxRel is { } rel ? Format.Error(rel) : "–", c.Pass ? "✓" : "✗ FAIL (not timed)");
        text.Append(checks).Append('\n');
        text.Append("ms per call: median [min–max] over interleaved rounds; ratio = ms / Pre-LN's ms (< 1: faster than Pre-LN).\n\n");
        var table = new MarkdownTable("shape", "dtype", "phase", "batch × tokens (cache)", "form", "ms", "[min–max]", "ratio").AlignRightFrom(5);
        foreach (var r in run.Forms.Rows)
            table.Add(r.Shape, r.Dtype, r.Phase, $"{r.Batch} × {r.Tokens} ({r.Cache})", r.Form, Format.Fixed(r.Ms, 3),
                $"{Format.Fixed(r.MsMin, 3)}–{Format.Fixed(r.MsMax, 3)}", r.Ratio is { } q ? Format.Fixed(q, 3) : "–");
        text.Append(table).Append('\n');
    }

    private static string Num(double? v, int decimals) => v is { } x ? x.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";
}
