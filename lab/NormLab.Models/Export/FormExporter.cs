using System.Text.Json;
using NormLab.IO;
using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Safetensors;
using NormLab.Models.Forward;

namespace NormLab.Models.Export;

/// <summary>
/// `export-forms`: every form of each shape (<see cref="ModelForms.Of"/>: Pre-LN, Pre-RMSNorm, Pre-CRMSNorm,
/// FlashNorm) as SHAPE.FORM.safetensors (what `convert` writes: neutral names, description in the
/// metadata), SHAPE.FORM.json (<see cref="FormDescription"/>), and SHAPE.FORM.reference.safetensors: the
/// lab's float64 forward of the stored weights on a fixed token sequence, so an outside implementation
/// checks its forward before it times it. index.json lists the descriptions. Every file is written whole
/// or not at all (<see cref="AtomicOutput"/>).
/// </summary>
public static class FormExporter
{
    public const string IndexFile = "index.json";
    public const string LogitsTensor = "logits";
    public const int ReferenceLength = 16;

    private static readonly JsonSerializerOptions Json = new(ModelConfigJson.Options) { WriteIndented = true };

    /// <summary>The reference input: a fixed spread of token ids (no randomness to reproduce).</summary>
    public static int[] ReferenceTokens(ModelConfig c) =>
        [.. Enumerable.Range(0, Math.Min(ReferenceLength, c.MaxSeq)).Select(i => (int)((i * 7919L + 11) % c.Vocab))];

    public static IReadOnlyList<FormDescription> Export(IEnumerable<NeutralModel> shapes, string folder, StorageType dtype, Action<FormDescription>? written = null)
    {
        if (dtype == StorageType.F64) throw new UsageException("--dtype is f32, f16 or bf16 (the PyTorch side times half precision).");
        AtomicOutput.RequireFolder(folder, "--out");
        var forms = new List<FormDescription>();
        foreach (var shape in shapes)
            foreach (var (form, model) in ModelForms.Of(shape))
            {
                string stem = $"{shape.Name}.{Slug(form)}";
                var description = Write(model with { Name = stem }, shape.Name, form, folder, stem, dtype);
                forms.Add(description);
                written?.Invoke(description);
            }
        var index = new { dtype = dtype.ToString(), forms = forms.Select(f => Path.ChangeExtension(f.File, ".json")).ToArray() };
        AtomicOutput.WriteText(Path.Combine(folder, IndexFile), JsonSerializer.Serialize(index, Json));
        return forms;
    }

    /// <summary>A form's file name part: "Pre-CRMSNorm" → "pre-crmsnorm".</summary>
    public static string Slug(string form) => form.ToLowerInvariant();

    private static FormDescription Write(NeutralModel model, string shape, string form, string folder, string stem, StorageType dtype)
    {
        string file = stem + ".safetensors", referenceFile = stem + ".reference.safetensors";
        SafetensorsModels.Save(model, Path.Combine(folder, file), dtype);
        // The reference runs on what was stored (rounded to dtype), read back by the lab's reader, so a
        // script reading the same bytes must reproduce it up to its own arithmetic.
        var stored = StoredForm.Open(Path.Combine(folder, file));
        int[] tokens = ReferenceTokens(stored.Config);
        var logits = ModelForward.Float64(stored).Run(ForwardInput.FromTokens(tokens)).Output;
        var reference = new LazyTensorSet().Set(LogitsTensor, () => new Tensor(LogitsTensor, [tokens.Length, stored.Config.Vocab], logits));
        SafetensorsWriter.Write(Path.Combine(folder, referenceFile), reference, StorageType.F64,
            new Dictionary<string, string> { ["normlab.reference"] = $"float64 forward of {file} on the tokens in {stem}.json" });
        var description = FormDescription.Of(shape, form, file, referenceFile, dtype.ToString(), stored.Config, tokens);
        AtomicOutput.WriteText(Path.Combine(folder, stem + ".json"), JsonSerializer.Serialize(description, Json));
        return description;
    }
}
