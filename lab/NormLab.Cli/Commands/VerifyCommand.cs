using NormLab.Results;
using System.CommandLine;
using System.Globalization;
using NormLab.Models.Conversions;
using NormLab.Models.Verification;
using NormLab.Models.Vision;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab verify`: runs a model's original and every applicable converted form in float64 and
/// float32 on fixed seeded inputs and compares each with the float64 original, per block and at the
/// output. Prints a table per model (output row and worst block per form), the greedy continuations
/// of language models, writes every row as JSON (--json), exits 1 if any row fails its bound.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var list = new Option<bool>("--list") { Description = "List the builtin models." };
        var model = new Option<string[]>("--model")
        {
            Description = "A .safetensors (NormLab or Hugging Face GPT-2/Llama/ViT with config.json), a torch.save .pt/.bin zip (file.pt#key.path for a nested state dict), a llama2.c .bin, or builtin:NAME; repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var json = new Option<string?>("--json") { Description = "Write every row here (e.g. reports/data/verify.json)." };
        var variant = new Option<string[]>("--variant")
        {
            Description = "Only these forms (original, fold-lns, recenter, pre-rmsnorm, pre-crmsnorm, flashnorm); default all that apply.",
            AllowMultipleArgumentsPerToken = true,
        };
        variant.AcceptOnlyFromAmong([.. ModelVerifier.VariantNames]);
        var layout = new Option<string?>("--layout") { Description = "A layout file mapping the checkpoint's tensor names (README \"your own model\"); default MODEL.layout.json beside it, else the built-in layouts." };
        var samples = new Option<int?>("--samples") { Description = "A data-set model (builtin:vit-mnist): verify at most N inputs, evenly spaced; default all." };
        var classification = new Option<string?>("--classification-json") { Description = "Write a data-set model's accuracy/agreement per form here (e.g. reports/data/vit-mnist.json)." };
        var command = new Command("verify", "Check that converted forms (Pre-RMSNorm, Pre-CRMSNorm, FlashNorm, LN-Scaling folded) compute the same function as the original.");
        foreach (var o in new Option[] { list, model, json, variant, layout, samples, classification }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (parse.GetValue(list)) return List();
            string[] specs = parse.GetValue(model) ?? [];
            if (specs.Length == 0)
            {
                AnsiConsole.MarkupLine("[red]give --model PATH|builtin:NAME (or --list)[/]");
                return 2;
            }
            string[] variants = parse.GetValue(variant) ?? [];
            return Run(specs, parse.GetValue(json), variants.Length == 0 ? null : variants,
                new VerifyOptions(parse.GetValue(layout), parse.GetValue(samples), parse.GetValue(classification)));
        });
        return command;
    }

    /// <summary>verify's further options: a layout file, a data-set sample size, where the classification results go.</summary>
    public sealed record VerifyOptions(string? Layout = null, int? Samples = null, string? ClassificationJson = null);

    public static int Run(IReadOnlyList<string> specs, string? jsonPath, IReadOnlyCollection<string>? variants = null, VerifyOptions? options = null)
    {
        options ??= new VerifyOptions();
        var all = new List<VerificationRow>();
        var classified = new List<ClassificationResult>();
        foreach (string spec in specs)
        {
            var target = ModelCatalog.Open(spec, options.Layout);
            foreach (string notice in target.Notices) AnsiConsole.MarkupLine($"[yellow]notice[/]: {Markup.Escape(notice)}");
            if (ConversionPlan.Carried(target.Model.Config) is { Count: > 0 } carried)
                AnsiConsole.MarkupLine($"{Markup.Escape(spec)} already carries: [bold]{Markup.Escape(string.Join(", ", carried))}[/]");
            var verifier = new ModelVerifier(target, variants, options.Samples);
            var rows = verifier.Run().ToList();
            AnsiConsole.Write(Summary(spec, rows));
            foreach (var ((variant, precision), tokens) in verifier.Continuations)
                AnsiConsole.MarkupLine($"greedy [bold]{variant}[/] {precision}: {string.Join(' ', tokens)}");
            if (verifier.Classification is { } classification)
            {
                AnsiConsole.Write(ClassificationTable(spec, classification));
                classified.Add(classification);
            }
            all.AddRange(rows);
        }
        if (options.ClassificationJson is { } classificationPath)
        {
            ClassificationJson.Write(classificationPath, classified);
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(classificationPath)}[/] ({classified.Count} data-set results)");
        }
        // A variant that applies to none of the models would otherwise "pass" with no rows.
        if (all.Count == 0)
            throw new UsageException($"no rows to verify: --variant {string.Join(",", variants ?? [])} applies to none of {string.Join(", ", specs)}.");
        if (jsonPath is not null)
        {
            VerificationJson.Write(jsonPath, all);
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(jsonPath)}[/] ({all.Count} rows)");
        }
        int failed = all.Count(r => !r.Pass);
        AnsiConsole.MarkupLine(failed == 0 ? $"[green]all {all.Count} rows pass[/]" : $"[red]{failed} of {all.Count} rows fail[/]");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Per form and precision: accuracy, agreement with the float64 original, and every disagreement with its margins.</summary>
    private static Table ClassificationTable(string spec, ClassificationResult result)
    {
        var table = new Table().Title(Markup.Escape($"{spec} on {result.Data}: accuracy and agreement with the float64 original"));
        foreach (string h in new[] { "variant", "precision", "inputs", "accuracy", "agreement", "disagreements (index: label, original → form, margins)" }) table.AddColumn(h);
        foreach (var c in result.Classes)
            table.AddRow(c.Variant, c.Precision, c.Inputs.ToString(CultureInfo.InvariantCulture), G(c.Accuracy), G(c.Agreement),
                c.Disagreements.Count == 0 ? "none" : Markup.Escape(string.Join("; ", c.Disagreements.Select(d =>
                    $"#{d.Index}: {d.Label}, {d.OriginalClass}→{d.FormClass}, {G(d.OriginalMargin)}/{G(d.FormMargin)}"))));
        return table;
    }

    private static int List()
    {
        var table = new Table().AddColumn("model").AddColumn("what");
        foreach (var b in ModelCatalog.Builtins) table.AddRow(ModelCatalog.BuiltinPrefix + b.Name, Markup.Escape(b.Description));
        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>Per form and precision: the output row, the worst block, and whether every row passed.</summary>
    private static Table Summary(string spec, List<VerificationRow> rows)
    {
        var table = new Table().Title(Markup.Escape(
            $"{spec}: vs float64 original; bounds rel ≤ {VerificationBounds.Float64MaxRelErr:G2} (float64), ≤ {VerificationBounds.Float32Multiple}·2⁻²⁴ = {VerificationBounds.Float32MaxRelErr:G3} (float32)"));
        foreach (string h in new[] { "variant", "precision", "layer", "max abs", "max rel", "worst block rel", "top-1", "max KL", "pass" }) table.AddColumn(h);
        foreach (var group in rows.GroupBy(r => (r.Variant, r.Precision)))
        {
            var blocks = group.Where(r => r.Layer.StartsWith("block", StringComparison.Ordinal)).ToList();
            string worst = blocks.Count == 0 ? "–" : G(blocks.Max(r => r.MaxRelErr));
            foreach (var r in group.Where(r => !r.Layer.StartsWith("block", StringComparison.Ordinal)))
                table.AddRow(r.Variant, r.Precision, r.Layer, G(r.MaxAbsErr), G(r.MaxRelErr), worst,
                    r.Top1Agreement is { } t ? G(t) : "–", r.MaxKl is { } k ? G(k) : "–",
                    group.All(x => x.Pass) ? "[green]yes[/]" : "[red]NO[/]");
        }
        return table;
    }

    private static string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
