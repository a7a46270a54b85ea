namespace NormLab.Cli.Tests;

/// <summary>Hostile headers cost milliseconds and no memory: every declared size is checked before anything is allocated.</summary>
public sealed class HeaderTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("""{"n_embd":4,"n_layer":1000000000,"n_head":1,"vocab_size":8,"n_positions":8}""", "Layers")]
    [InlineData("""{"n_embd":4,"n_layer":1e9,"n_head":1,"vocab_size":8,"n_positions":8}""", "n_layer")]
    [InlineData("""{"n_embd":4,"n_layer":1,"n_head":0,"vocab_size":8,"n_positions":8}""", "n_head")]
    [InlineData("""{"n_embd":4,"n_layer":1,"n_head":1,"vocab_size":-3,"n_positions":8}""", "vocab_size")]
    [InlineData("""not json""", "not valid JSON")]
    public void A_config_json_field_out_of_range_is_named(string config, string field)
    {
        BadFiles.Gpt2(_dir.Folder, config);
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "model.safetensors"], "config.json", field);
    }

    [Theory]
    [InlineData(int.MaxValue, 4, "n_layers")]
    [InlineData(2, int.MinValue, "vocab_size")]
    public void A_llama2c_header_out_of_range_is_named(int layers, int vocab, string field)
    {
        BadFiles.Llama2c(_dir["m.bin"], [64, 128, layers, 4, 4, vocab, 16]);
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "m.bin"], "m.bin", field);
    }

    [Fact]
    public void A_llama2c_file_whose_size_differs_from_its_header_is_refused()
    {
        BadFiles.Llama2c(_dir["m.bin"], [64, 128, 2, 4, 4, 32, 16]);
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "m.bin"], "m.bin", "bytes");
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", "tensor a")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2147483647,2147483647,4],"data_offsets":[0,16]}}""", "tensor a")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"__metadata__":{"x":1}}""", "__metadata__")]
    public void A_malformed_safetensors_header_names_the_tensor(string header, string what)
    {
        BadFiles.Safetensors(_dir["m.safetensors"], header, 16);
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "m.safetensors"], "m.safetensors", what);
    }

    [Fact]
    public void Invalid_utf8_in_a_header_is_named()
    {
        BadFiles.Safetensors(_dir["m.safetensors"], "{\"a\":1}", 0);
        var bytes = File.ReadAllBytes(_dir["m.safetensors"]);
        bytes[10] = 0xFF;
        File.WriteAllBytes(_dir["m.safetensors"], bytes);
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "m.safetensors"], "m.safetensors", "UTF-8");
    }
}
