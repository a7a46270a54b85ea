namespace NormLab.Cli.Tests;

/// <summary>`convert` validates the whole model before it writes a byte, and never writes over an input or someone's file.</summary>
public sealed class ConvertTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string[] Convert(string output) => ["convert", "--model", "model.safetensors", "--to", "pre-rmsnorm", "--out", output];

    [Fact]
    public void A_valid_model_converts()
    {
        BadFiles.Gpt2(_dir.Folder);
        var run = Normlab.Run(_dir.Folder, Convert("out.safetensors"));
        Assert.True(run.Exit == 0, run.Output);
        Assert.True(File.Exists(_dir["out.safetensors"]));
        Assert.Empty(Directory.GetFiles(_dir.Folder, "*.tmp"));
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void A_non_finite_weight_is_named_and_nothing_is_written(float value, string shown)
    {
        BadFiles.Gpt2(_dir.Folder, poison: ("h.0.mlp.c_fc.weight", 5, value));
        File.WriteAllText(_dir["out.safetensors.data.tmp"], "someone else's");
        Normlab.BadInput(_dir.Folder, Convert("out.safetensors"), "model.safetensors", "blocks.0.mlp.up", "element", shown);
        Assert.False(File.Exists(_dir["out.safetensors"]));
        Assert.Equal("someone else's", File.ReadAllText(_dir["out.safetensors.data.tmp"]));
    }

    [Fact]
    public void A_tensor_of_the_wrong_size_is_named()
    {
        BadFiles.Gpt2(_dir.Folder, new { n_embd = 4, n_layer = 1, n_head = 1, vocab_size = 9, n_positions = 8 });
        Normlab.BadInput(_dir.Folder, Convert("out.safetensors"), "model.safetensors", "embed.tokens", "[9, 4]");
        Assert.False(File.Exists(_dir["out.safetensors"]));
    }

    [Fact]
    public void A_zero_width_is_named()
    {
        BadFiles.Gpt2(_dir.Folder, new { n_embd = 0, n_layer = 1, n_head = 1, vocab_size = 8, n_positions = 8 });
        Normlab.BadInput(_dir.Folder, Convert("out.safetensors"), "config.json", "Dim");
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("model.safetensors")]
    public void Out_onto_an_input_is_refused_and_the_input_survives(string output)
    {
        BadFiles.Gpt2(_dir.Folder);
        byte[] before = File.ReadAllBytes(_dir[output]);
        Normlab.BadInput(_dir.Folder, Convert(output), output, "input");
        Assert.Equal(before, File.ReadAllBytes(_dir[output]));
    }

    [Fact]
    public void Out_that_is_a_directory_is_refused()
    {
        BadFiles.Gpt2(_dir.Folder);
        Directory.CreateDirectory(_dir["out.safetensors"]);
        Normlab.BadInput(_dir.Folder, Convert("out.safetensors"), "out.safetensors", "directory");
    }
}
