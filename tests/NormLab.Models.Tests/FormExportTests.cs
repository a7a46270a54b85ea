using NormLab.Models.Description;
using NormLab.Models.Export;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Safetensors;
using NormLab.Models.Forward;
using Xunit;

namespace NormLab.Models.Tests;

/// <summary>
/// export-forms writes every form of a shape so that the lab's own reader gets Pre-LN's function back from
/// each file, and the reference it stores is what the stored bytes compute.
/// </summary>
public sealed class FormExportTests : IDisposable
{
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    private static NeutralModel Tiny() => FormShapes.TinyModel(maxSeq: 32);

    /// <summary>
    /// Unit roundoff u of the stored type. Each form's weights are rounded on their own, so the forms' logits
    /// differ from the float64 Pre-LN ones by about u of their scale (measured on the tiny shape: 0.6–1.3 u
    /// for f32, f16 and bf16); the bound is 8 u, while a wrong conversion moves logits by O(gain noise 0.1) of it.
    /// </summary>
    private static double Roundoff(StorageType t) => t switch
    {
        StorageType.F32 => Math.Pow(2, -24),
        StorageType.F16 => Math.Pow(2, -11),
        _ => Math.Pow(2, -8),
    };

    [Theory]
    [InlineData(StorageType.F32)]
    [InlineData(StorageType.F16)]
    [InlineData(StorageType.BF16)]
    public void Every_form_read_back_by_the_lab_reproduces_the_pre_ln_logits(StorageType dtype)
    {
        var forms = FormExporter.Export([Tiny()], _files.Folder, dtype);
        Assert.Equal(["Pre-LN", "Pre-RMSNorm", "Pre-CRMSNorm", "FlashNorm"], forms.Select(f => f.Form));
        int[] tokens = forms[0].ReferenceTokens;
        var preLn = ModelForward.Float64(Tiny()).Run(ForwardInput.FromTokens(tokens)).Output;
        double scale = preLn.Max(Math.Abs), bound = 8 * Roundoff(dtype) * scale;
        var diffs = forms.Select(f =>
        {
            var loaded = SafetensorsModels.Load(Path.Combine(_files.Folder, f.File));
            return (f.Form, Diff: CenteredDifference(preLn, ModelForward.Float64(loaded).Run(ForwardInput.FromTokens(tokens)).Output, tokens.Length));
        }).ToList();
        Assert.True(diffs.All(d => d.Diff <= bound), $"{dtype}: max centered |Δ logit| / (u·scale): " +
            string.Join(", ", diffs.Select(d => $"{d.Form} {d.Diff / (Roundoff(dtype) * scale):F2}")) + $" (bound {bound / (Roundoff(dtype) * scale)})");
    }

    [Fact]
    public void The_stored_reference_is_the_float64_forward_of_the_stored_values_and_matches_pre_ln()
    {
        var forms = FormExporter.Export([Tiny()], _files.Folder, StorageType.F16);
        var preLnReference = Reference(forms[0]);
        foreach (var f in forms)
        {
            var reference = Reference(f);
            var stored = StoredForm.Open(Path.Combine(_files.Folder, f.File));
            Assert.Equal(ModelForward.Float64(stored).Run(ForwardInput.FromTokens(f.ReferenceTokens)).Output, reference);
            double diff = CenteredDifference(preLnReference, reference, f.ReferenceTokens.Length);
            Assert.True(diff <= 8 * Roundoff(StorageType.F16) * preLnReference.Max(Math.Abs), $"{f.Form}: {diff:E2}");
        }
    }

    [Fact]
    public void Descriptions_say_what_the_files_hold()
    {
        var forms = FormExporter.Export([Tiny()], _files.Folder, StorageType.F32).ToDictionary(f => f.Form);
        var c = Tiny().Config;
        foreach (var f in forms.Values)
        {
            var file = SafetensorsFile.Open(Path.Combine(_files.Folder, f.File));
            Assert.Equal([c.Vocab, f.StreamWidth], file.Entry(TensorNames.TokenEmbedding).Shape);
            Assert.All(file.Entries, e => Assert.Equal(StorageType.F32, e.Type));
            // Pre-RMSNorm and Pre-CRMSNorm fold their gains into the readers too; FlashNorm must have no norm tensor left.
            if (f.Deferred) Assert.DoesNotContain(file.Entries, e => TensorNames.IsNormParameter(e.Name));
        }
        Assert.Equal((c.Dim - 1, "crmsnorm", true), (forms["Pre-CRMSNorm"].StreamWidth, forms["Pre-CRMSNorm"].Norm, forms["Pre-CRMSNorm"].Compressed));
        Assert.Equal((c.Dim, "layernorm", false), (forms["Pre-LN"].StreamWidth, forms["Pre-LN"].Norm, forms["Pre-LN"].ZeroMeanStream));
        Assert.Contains(SafetensorsFile.Open(Path.Combine(_files.Folder, forms["Pre-LN"].File)).Entries, e => TensorNames.IsNormParameter(e.Name));
        Assert.True(forms["FlashNorm"].Deferred && forms["FlashNorm"].Norm == "rmsnorm");
        Assert.All(forms.Values.Where(f => f.Form != "FlashNorm"), f => Assert.False(f.Deferred));
        string index = File.ReadAllText(Path.Combine(_files.Folder, FormExporter.IndexFile));
        Assert.All(forms.Values, f => Assert.Contains(Path.ChangeExtension(f.File, ".json"), index));
    }

    [Fact]
    public void A_file_as_the_folder_is_refused_before_anything_is_written_and_left_as_it_was()
    {
        string path = _files.Write("not-a-folder", [1, 2, 3]);
        var error = Assert.Throws<UsageException>(() => FormExporter.Export([Tiny()], path, StorageType.F32));
        Assert.Contains("--out", error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["not-a-folder"], Directory.GetFiles(_files.Folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(StorageType.F16, 1.0 / 3, 0x3555)]
    [InlineData(StorageType.BF16, 1.0 / 3, 0x3EAB)]
    [InlineData(StorageType.BF16, -2.0, 0xC000)]
    public void Half_precision_storage_rounds_to_nearest(StorageType type, double value, int bits) =>
        Assert.Equal(BitConverter.GetBytes((ushort)bits), SafetensorsWriter.Encode([value], type));

    private double[] Reference(FormDescription f) =>
        SafetensorsFile.Open(Path.Combine(_files.Folder, f.ReferenceFile)).Read(FormExporter.LogitsTensor).Data;

    /// <summary>Largest |Δ| after removing each row's mean: a tied head may shift a row's logits by one constant (SPEC point 4).</summary>
    private static double CenteredDifference(double[] a, double[] b, int rows)
    {
        int width = a.Length / rows;
        double max = 0;
        for (int r = 0; r < rows; r++)
        {
            double ma = a.AsSpan(r * width, width).ToArray().Average(), mb = b.AsSpan(r * width, width).ToArray().Average();
            for (int j = 0; j < width; j++) max = Math.Max(max, Math.Abs(a[r * width + j] - ma - (b[r * width + j] - mb)));
        }
        return max;
    }
}
