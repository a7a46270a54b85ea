namespace NormLab.Cli.Tests;

/// <summary>FIFOs and devices are refused before they are opened (opening a FIFO blocks; /dev/zero never ends).</summary>
public sealed class SpecialFileTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("model.bin")]
    [InlineData("model.onnx")]
    [InlineData("model")]
    public void A_fifo_as_model_is_refused_at_once(string name)
    {
        BadFiles.Fifo(_dir[name]);
        Normlab.BadInput(_dir.Folder, ["verify", "--model", name], name, "FIFO");
    }

    [Fact]
    public void A_device_as_model_is_refused()
    {
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "/dev/zero"], "/dev/zero", "character device");
    }

    [Fact]
    public void A_fifo_as_config_json_is_refused()
    {
        BadFiles.Gpt2(_dir.Folder);
        File.Delete(_dir["config.json"]);
        BadFiles.Fifo(_dir["config.json"]);
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "model.safetensors"], "config.json", "FIFO");
    }
}
