using System.CommandLine;
using NormLab.Bench.Engine;
using NormLab.Bench.Kernels;
using NormLab.Results;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab bench kernels`: every kernel on the rows × d grid, with ORT, the all-core copy and the roofline streams timed
/// in the same rounds on the same data; prints GB/s and ratios, writes JSON with --json.
/// </summary>
public static class BenchKernelsCommand
{
    public const string DefaultJson = "reports/data/bench-kernels.json";

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Short BenchmarkDotNet iterations and 3 rounds (minutes) instead of the full profile." };
        var json = new Option<string?>("--json") { Description = $"Write the results as JSON to this path (run-all uses {DefaultJson})." };
        var rows = new Option<string?>("--rows") { Description = $"Comma-separated row counts (default {string.Join(",", KernelShapes.Rows)}; GPU: {string.Join(",", GpuKernelBench.CudaRows)})." };
        var widths = new Option<string?>("--d") { Description = $"Comma-separated widths d (default {string.Join(",", KernelShapes.Widths)}; GPU: {string.Join(",", GpuKernelBench.CudaWidths)})." };
        var variants = new Option<string?>("--variants") { Description = "Comma-separated variant names to keep (default: all), e.g. LayerNorm,RMSNorm." };
        var dtype = new Option<string?>("--dtype") { Description = "float32, float16 or bfloat16 only (default: all)." };
        var backend = new Option<string>("--backend")
        {
            Description = $"Kernel backend: {string.Join(", ", KernelSources.Backends)}; or cuda (the GPU harness: every kernel version checked, then timed against a device copy and PyTorch; exit 2 without a GPU), ilgpu-cpu (the same harness rehearsed on ILGPU's CPU accelerator, small shapes).",
            DefaultValueFactory = _ => "cpu",
        };
        var torch = new Option<string?>("--torch") { Description = "With --backend cuda: scripts/gpu/torch_norms.py's JSON, for the PyTorch eager and torch.compile ratios." };
        var command = new Command("kernels", "Time each kernel (scalar/SIMD, float32/float16) against ONNX Runtime and an all-core copy; GB/s and same-run ratios.");
        foreach (var option in new Option[] { quick, json, rows, widths, variants, dtype, backend, torch }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            IReadOnlyList<int>? rowList = parse.GetValue(rows) is { } r ? CommaList.Ints(r, "--rows") : null;
            IReadOnlyList<int>? widthList = parse.GetValue(widths) is { } w ? CommaList.Ints(w, "--d") : null;
            if (GpuKernelBench.Handles(parse.GetValue(backend)!))
                return GpuKernelBench.Run(parse.GetValue(backend)!, rowList, widthList, parse.GetValue(variants), parse.GetValue(dtype),
                    parse.GetValue(json), parse.GetValue(torch));
            var kernels = KernelFilter.Apply(KernelSources.For(parse.GetValue(backend)!), parse.GetValue(variants), parse.GetValue(dtype));
            var shapes = KernelShapes.Grid(rowList ?? KernelShapes.Rows, widthList ?? KernelShapes.Widths).ToArray();
            var profile = parse.GetValue(quick) ? BdnProfile.Quick : BdnProfile.Full;
            AnsiConsole.MarkupLine($"[grey]{kernels.Count} kernels × {shapes.Length} shapes, profile {profile.Name} ({profile.Rounds} rounds)[/]");
            var result = new KernelBench(kernels, profile).Run(shapes, shape => AnsiConsole.MarkupLine($"[grey]  timing {shape}…[/]"));
            Print(result);
            if (parse.GetValue(json) is { } path)
            {
                ResultJson.Write(path, result);
                AnsiConsole.MarkupLine($"wrote [blue]{path}[/]");
            }
            return 0;
        });
        return command;
    }

    private static void Print(KernelBenchResult result)
    {
        // Redirected output (CI logs) gets a wide table rather than one wrapped into unreadable columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(result.Machine.Summary)}[/]");
        var table = new Table().Title("kernel throughput (ratios: median over rounds)");
        foreach (string column in new[] { "kernel", "rows × d", "GB/s", "copy GB/s", "vs copy", "roofline GB/s", "vs roofline", "vs ORT", "vs scalar" })
            table.AddColumn(column);
        foreach (var row in result.Rows)
        {
            table.AddRow(Markup.Escape($"{row.Variant} {row.Backend} {row.Dtype}"), $"{row.Rows} × {row.D}",
                $"{row.Gbps:F1}", $"{row.CopyGbps:F1}", $"{row.VsCopy:F2}",
                row.RooflineGbps is { } limit ? $"{limit:F1}" : "–", row.VsRoofline is { } f ? $"{f:F2}" : "–", row.VsOrt is { } o ? $"{o:F2}" : "–",
                row.VsScalar is { } s ? $"{s:F1}" : "–");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]ORT ops: {Markup.Escape(result.OrtLayerNormOp)}; RMS: {Markup.Escape(result.OrtRmsNormOp)} (vs ORT uses the faster)[/]");
        foreach (string refused in result.OrtRefused ?? []) AnsiConsole.MarkupLine($"[grey]ORT refused {Markup.Escape(refused)} (no vs-ORT ratio)[/]");
    }
}
