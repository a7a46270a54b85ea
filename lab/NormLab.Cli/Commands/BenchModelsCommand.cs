using System.CommandLine;
using NormLab.Bench.Models;
using NormLab.Models.Conversions;
using NormLab.Results;
using NormLab.Models.Verification;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab bench models`: GPT-2 small and a 24-layer d 1024 model exported to ONNX as Pre-LN,
/// Pre-RMSNorm, Pre-CRMSNorm and FlashNorm, timed in ONNX Runtime at 1×1 and 8×128; speedups over Pre-LN.
/// </summary>
public static class BenchModelsCommand
{
    public const string DefaultJson = "reports/data/bench-models.json";

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "3 alternating runs of ≥ 0.3 s per form (full: 7 runs of ≥ 2 s)." };
        var json = new Option<string?>("--json") { Description = $"Write the results as JSON to this path (run-all uses {DefaultJson})." };
        var models = new Option<string?>("--models") { Description = "Comma-separated model names to keep: gpt2-small, gpt-24x1024 (default: both)." };
        var model = new Option<string[]>("--model")
        {
            Description = "Your own model(s) instead of the two synthetic shapes: anything verify opens (a file, a folder, builtin:NAME; token-stem causal LMs).",
            AllowMultipleArgumentsPerToken = true,
        };
        var shapes = new Option<string>("--shapes") { Description = "Comma-separated batch x seq shapes.", DefaultValueFactory = _ => "1x1,8x128" };
        var command = new Command("models", "Time whole models in ONNX Runtime in each normalization form; speedup over Pre-LN with its spread over runs.");
        foreach (var option in new Option[] { quick, json, models, model, shapes }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var shapeList = CommaList.Strings(parse.GetValue(shapes)!).Select(Shape).ToArray();
            var keep = parse.GetValue(models) is { } names ? CommaList.Strings(names).ToHashSet(StringComparer.OrdinalIgnoreCase) : null;
            string[] own = parse.GetValue(model) ?? [];
            var chosen = own.Length > 0
                ? own.Select(spec => ModelCatalog.Open(spec).Model).ToArray()
                : ModelForms.Shapes(shapeList.Max(s => s.Seq)).Where(m => keep is null || keep.Contains(m.Name)).ToArray();
            if (chosen.Length == 0) throw new UsageException($"--models '{parse.GetValue(models)}' matches none of gpt2-small, gpt-24x1024.");
            var profile = parse.GetValue(quick) ? ModelProfile.Quick : ModelProfile.Full;
            var result = new ModelBench(profile).Run(chosen, shapeList, line => AnsiConsole.MarkupLine($"[grey]  {Markup.Escape(line)}[/]"));
            if (parse.GetValue(json) is { } path)
            {
                ResultJson.Write(path, result);
                AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(path)}[/]");
            }
            Print(result);
            return 0;
        });
        return command;
    }

    private static (int Batch, int Seq) Shape(string text)
    {
        var parts = text.Split('x', 'X', '×');
        return parts.Length == 2 && int.TryParse(parts[0], out int b) && int.TryParse(parts[1], out int s) && b > 0 && s > 0
            ? (b, s)
            : throw new UsageException($"--shapes: '{text}' is not BATCHxSEQ (e.g. 8x128).");
    }

    private static void Print(ModelBenchResult result)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(result.Machine.Summary)}[/]");
        var table = new Table().Title("end-to-end in ONNX Runtime (speedup = Pre-LN time / form time, median [[min–max]] over runs)");
        foreach (string column in new[] { "model", "batch × seq", "form", "median ms", "speedup", "max |Δ logit|" }) table.AddColumn(column);
        foreach (var r in result.Rows)
            table.AddRow(r.Model, $"{r.Batch} × {r.Seq}", r.Form, $"{r.MedianMs:F2}", Markup.Escape($"{r.Speedup:F3} [{r.SpeedupMin:F3}–{r.SpeedupMax:F3}]"), $"{r.MaxAbsDiff:E1}");
        AnsiConsole.Write(table);
    }
}
