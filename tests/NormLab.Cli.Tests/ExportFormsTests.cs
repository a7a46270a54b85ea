namespace NormLab.Cli.Tests;

/// <summary>export-forms from the command line: a rehearsal export works; a bad destination or shape is one line, exit 2, nothing destroyed.</summary>
public sealed class ExportFormsTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_tiny_shape_exports_every_form_with_its_description_and_reference()
    {
        string output = Path.Combine(_dir.Folder, "forms");
        var run = Normlab.Run(_dir.Folder, "export-forms", "--out", output, "--shapes", "tiny", "--dtype", "bf16");
        Assert.True(run.Exit == 0, run.Output);
        foreach (string form in new[] { "pre-ln", "pre-rmsnorm", "pre-crmsnorm", "flashnorm" })
            foreach (string suffix in new[] { ".safetensors", ".json", ".reference.safetensors" })
                Assert.True(File.Exists(Path.Combine(output, $"tiny.{form}{suffix}")), $"tiny.{form}{suffix} missing: {run.Output}");
        Assert.Contains("\"BF16\"", File.ReadAllText(Path.Combine(output, "index.json")));
    }

    [Fact]
    public void An_existing_file_as_out_is_one_line_and_stays_as_it_was()
    {
        string file = Path.Combine(_dir.Folder, "taken");
        File.WriteAllText(file, "keep");
        Normlab.BadInput(_dir.Folder, ["export-forms", "--out", file, "--shapes", "tiny"], "--out", file);
        Assert.Equal("keep", File.ReadAllText(file));
    }

    [Fact]
    public void An_unknown_shape_names_the_known_ones() =>
        Normlab.BadInput(_dir.Folder, ["export-forms", "--out", Path.Combine(_dir.Folder, "f"), "--shapes", "huge"], "huge", "gpt2-small", "tiny");

    [Fact]
    public void An_unknown_check_variant_names_the_known_ones() =>
        Normlab.BadInput(_dir.Folder, ["check", "--variants", "bogus"], "bogus", "rmsnorm");
}
