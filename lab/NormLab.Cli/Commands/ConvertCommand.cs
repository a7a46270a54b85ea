using NormLab.IO;
using System.CommandLine;
using NormLab.Models.Conversions;
using NormLab.Models.Formats;
using NormLab.Models.Verification;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>
/// `normlab convert`: writes the converted model as safetensors (float64 by default, so the
/// conversion stays exact; --dtype f32 to deploy) and OUT.manifest.json listing each step's changes.
/// </summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A .safetensors, a llama2.c .bin, a PP-OCRv4 .onnx (written back as ONNX), or builtin:NAME.", Required = true };
        var to = new Option<string>("--to") { Description = "pre-rmsnorm | pre-crmsnorm | flashnorm", Required = true };
        to.AcceptOnlyFromAmong(ConversionPlan.Targets);
        var output = new Option<string>("--out") { Description = "The .safetensors file to write (the manifest goes beside it).", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "f64 (exact, default) or f32.", DefaultValueFactory = _ => "f64" };
        dtype.AcceptOnlyFromAmong("f64", "f32");
        var layout = new Option<string?>("--layout") { Description = "A layout file mapping the checkpoint's tensor names (README \"your own model\"); default MODEL.layout.json beside it." };
        var command = new Command("convert", "Convert a model (Pre-LN → Pre-RMSNorm / Pre-CRMSNorm, RMSNorm → FlashNorm) and write it as safetensors + a JSON manifest.");
        foreach (var o in new Option[] { model, to, output, dtype, layout }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string spec = parse.GetValue(model)!, target = parse.GetValue(to)!, outPath = parse.GetValue(output)!;
            if (OnnxConvertBranch.Accepts(spec)) return OnnxConvertBranch.Run(spec, target, outPath);
            var type = parse.GetValue(dtype) == "f32" ? StorageType.F32 : StorageType.F64;
            // Refused before the model is read: an output over an input, or one that cannot be written.
            var inputs = ModelCatalog.InputFiles(spec);
            AtomicOutput.Require(outPath, "--out", inputs);
            AtomicOutput.Require(ModelConverter.ManifestPath(outPath), "--out's manifest", inputs);
            // Opening validates the whole model (description, shapes, finite weights) before a byte is written.
            var manifest = ModelConverter.Convert(ModelCatalog.Open(spec, parse.GetValue(layout)).Model, spec, target, outPath, type);
            foreach (var step in manifest.Steps)
                foreach (string change in step.Changes) AnsiConsole.MarkupLine($"[bold]{step.Name}[/]: {Markup.Escape(change)}");
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outPath)}[/] ({manifest.Tensors} tensors, {manifest.Dtype}) and [bold]{Markup.Escape(ModelConverter.ManifestPath(outPath))}[/]");
            return 0;
        });
        return command;
    }
}
