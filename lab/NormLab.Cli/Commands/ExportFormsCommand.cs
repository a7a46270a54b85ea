using System.CommandLine;
using System.Diagnostics;
using NormLab.IO;
using NormLab.Models.Export;
using NormLab.Models.Formats;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab export-forms --out DIR`: the synthetic shapes in every form, as safetensors + a JSON description
/// + the lab's reference logits, for scripts/gpu/torch_forms.py (which has no .NET) to check and time.
/// </summary>
public static class ExportFormsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The folder to write into (created if missing; files in it are replaced only when complete).", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Storage type of the weights: f32 (default), f16 or bf16.", DefaultValueFactory = _ => "f32" };
        dtype.AcceptOnlyFromAmong("f32", "f16", "bf16");
        var shapes = new Option<string?>("--shapes")
        {
            Description = $"Comma-separated shapes: gpt2-small, gpt-24x1024 (the default: both), or {FormShapes.Tiny} (2 layers, d 64: rehearsals and CI).",
        };
        var command = new Command("export-forms",
            "Export the synthetic GPT-2-small and 24 × 1024 shapes as Pre-LN, Pre-RMSNorm, Pre-CRMSNorm and FlashNorm safetensors, each with a JSON description and the lab's reference logits.");
        foreach (var o in new Option[] { output, dtype, shapes }) command.Options.Add(o);
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(dtype)!, parse.GetValue(shapes)));
        return command;
    }

    public static int Run(string folder, string dtype, string? shapes)
    {
        var type = dtype switch
        {
            "f16" => StorageType.F16,
            "bf16" => StorageType.BF16,
            _ => StorageType.F32,
        };
        // Refused before any weight is generated: a bad destination or an unknown shape costs milliseconds.
        AtomicOutput.RequireFolder(folder, "--out");
        var models = FormShapes.Select(shapes);
        var clock = Stopwatch.StartNew();
        var forms = FormExporter.Export(models, folder, type, f =>
            AnsiConsole.MarkupLineInterpolated($"{f.Shape} {f.Form}: [bold]{f.File}[/] (stream width {f.StreamWidth}, {f.Dtype}) + {f.ReferenceFile}, {clock.Elapsed.TotalSeconds:F1} s"));
        AnsiConsole.MarkupLineInterpolated($"wrote {forms.Count} forms and {Path.Combine(folder, FormExporter.IndexFile)} in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
