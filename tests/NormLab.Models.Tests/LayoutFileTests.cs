using NormLab.Models.Description;
using NormLab.Models.Forward;
using NormLab.Models.Verification;
using NormLab.Models.Vision;
using Xunit;

namespace NormLab.Models.Tests;

public sealed class LayoutFileTests : IDisposable
{
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    private string Layout(Func<string, string> edit)
    {
        string path = Path.Combine(_files.Folder, "edited.layout.json");
        File.WriteAllText(path, edit(File.ReadAllText(SyntheticVit.LayoutPath(_files.Folder))));
        return path;
    }

    [Fact]
    public void The_vit_layout_maps_every_tensor_and_runs_a_batch_like_single_images()
    {
        var model = ModelCatalog.Open(SyntheticVit.Write(_files.Folder), SyntheticVit.LayoutPath(_files.Folder)).Model;
        Assert.Equal(StemKind.Patches, model.Config.Stem);
        Assert.True(model.Weights.Contains(TensorNames.ClassToken));
        Assert.Equal([64], model.Weights.Load(TensorNames.ClassToken).Shape);
        var images = Enumerable.Range(0, 3).Select(i => VitMnist.Input(new Synthetic.SeededNormal((ulong)i, "img").Fill(784, 0.3, 0.3))).ToList();
        var batch = ModelForward.Float64(model).Run(ForwardInput.Batch(images));
        Assert.Equal(3, batch.Rows);
        for (int i = 0; i < images.Count; i++)
        {
            var single = ModelForward.Float64(model).Run(images[i]);
            Assert.Equal(single.Output, batch.Output[(i * 10)..((i + 1) * 10)]);
        }
    }

    [Fact]
    public void A_missing_checkpoint_tensor_is_named_with_the_layout()
    {
        string layout = Layout(json => json.Replace("\"mlp_head.1.bias\"", "\"mlp_head.9.bias\""));
        var e = Assert.Throws<InvalidDataException>(() => ModelCatalog.Open(SyntheticVit.Write(_files.Folder), layout));
        Assert.Contains("mlp_head.9.bias", e.Message);
        Assert.Contains("edited.layout.json", e.Message);
    }

    [Fact]
    public void A_wrong_shape_names_the_checkpoint_tensor()
    {
        // Mapping the MLP's up projection onto the down projection's slot: shapes [128, 64] vs [64, 128].
        string layout = Layout(json => json.Replace("\"transformer.layers.{i}.1.fn.net.3.weight\"", "\"transformer.layers.{i}.1.fn.net.0.weight\""));
        var e = Assert.ThrowsAny<Exception>(() => ModelCatalog.Open(SyntheticVit.Write(_files.Folder), layout));
        Assert.Contains("transformer.layers.0.1.fn.net.0.weight", e.Message);
    }

    [Fact]
    public void Unknown_fields_and_unmapped_required_tensors_are_refused()
    {
        var unknown = Assert.Throws<InvalidDataException>(() => ModelCatalog.Open(SyntheticVit.Write(_files.Folder),
            Layout(json => json.Replace("\"family\"", "\"famly\""))));
        Assert.Contains("famly", unknown.Message);
        var unmapped = Assert.Throws<InvalidDataException>(() => ModelCatalog.Open(SyntheticVit.Write(_files.Folder),
            Layout(json => json.Replace("\"head.weight\": \"mlp_head.1.weight\",", ""))));
        Assert.Contains("head.weight", unmapped.Message);
    }

    [Fact]
    public void A_layout_beside_the_checkpoint_is_used_without_the_option()
    {
        string weights = SyntheticVit.Write(_files.Folder, "beside.safetensors");
        File.Copy(SyntheticVit.LayoutPath(_files.Folder), Path.Combine(_files.Folder, "beside.layout.json"));
        Assert.Equal(StemKind.Patches, ModelCatalog.Open(weights).Model.Config.Stem);
    }

    [Fact]
    public void A_folder_opens_its_one_weights_file_and_two_are_an_error()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_files.Folder, "model")).FullName;
        SyntheticVit.Write(folder, "model.safetensors");
        File.Copy(SyntheticVit.LayoutPath(_files.Folder), Path.Combine(folder, "model.layout.json"));
        Assert.Equal(Path.Combine(folder, "model.safetensors"), ModelPath.Resolve(folder));
        Assert.Equal(StemKind.Patches, ModelCatalog.Open(folder).Model.Config.Stem);
        string two = Directory.CreateDirectory(Path.Combine(_files.Folder, "two")).FullName;
        File.WriteAllText(Path.Combine(two, "a.safetensors"), "");
        File.WriteAllText(Path.Combine(two, "b.pt"), "");
        var e = Assert.Throws<UsageException>(() => ModelPath.Resolve(two));
        Assert.Contains("a.safetensors", e.Message);
        Assert.Contains("b.pt", e.Message);
        var empty = Assert.Throws<UsageException>(() => ModelPath.Resolve(Directory.CreateDirectory(Path.Combine(_files.Folder, "empty")).FullName));
        Assert.Contains("no weights file", empty.Message);
    }

    [Fact]
    public void A_short_model_gets_a_notice_instead_of_a_silent_cut()
    {
        var model = SyntheticGptWithPositions(8);
        var target = VerificationTarget.Seeded(model);
        Assert.Equal(8, target.Input.Rows);
        Assert.Contains(target.Notices, n => n.Contains("8 positions", StringComparison.Ordinal));
    }

    [Fact]
    public void A_users_causal_lm_file_continues_greedily_in_every_form()
    {
        string path = Path.Combine(_files.Folder, "lm.safetensors");
        Formats.Safetensors.SafetensorsModels.Save(TestModels.SmallGpt(layers: 1), path, Formats.StorageType.F64);
        var target = ModelCatalog.Open(path);
        Assert.True(target.GreedyTokens > 0);
        var verifier = new ModelVerifier(target);
        var greedy = verifier.Run().Where(r => r.Layer.StartsWith("greedy", StringComparison.Ordinal)).ToList();
        Assert.Contains(greedy, r => r.Variant == "pre-crmsnorm" && r.Precision == "float64");
        Assert.All(greedy, r => Assert.True(r.Pass, $"{r.Variant} {r.Precision}"));
        Assert.Equal(verifier.Continuations[("original", "float64")], verifier.Continuations[("flashnorm", "float64")]);
    }

    private static NeutralModel SyntheticGptWithPositions(int maxSeq) =>
        Synthetic.SyntheticGpt.Create(new Synthetic.SyntheticGptOptions { Layers = 1, Dim = 16, Heads = 2, Hidden = 32, Vocab = 19, MaxSeq = maxSeq });
}
