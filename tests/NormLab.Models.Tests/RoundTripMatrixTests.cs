using NormLab.Models.Conversions;
using NormLab.Models.Depth;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Safetensors;
using NormLab.Models.Verification;
using Xunit;

namespace NormLab.Models.Tests;

/// <summary>
/// Every file the lab writes loads back (issue 9.5): for each model family, target and dtype,
/// `convert` then `verify --model OUT` passes every row, says which conversions the file already
/// carries, and `depth --model OUT` runs.
/// </summary>
public sealed class RoundTripMatrixTests : IDisposable
{
    private readonly SafetensorsFixtures _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string model in new[] { "gpt", "vit", "stories" })
            foreach (string target in ConversionPlan.Targets)
                foreach (string dtype in new[] { "F64", "F32" })
                    if (model != "stories" || target == "flashnorm") data.Add(model, target, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Converted_file_verifies_again_and_runs_in_depth(string family, string target, string dtype)
    {
        var source = Source(family);
        string output = Path.Combine(_files.Folder, $"{family}-{target}-{dtype}.safetensors");
        ModelConverter.Convert(source.Model, family, target, output, Enum.Parse<StorageType>(dtype));

        var reopened = ModelCatalog.Open(output);
        Assert.Contains(target, ConversionPlan.Carried(reopened.Model.Config));
        var rows = new ModelVerifier(reopened).Run().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.Pass, $"{family} → {target} ({dtype}): {r.Variant} {r.Precision} {r.Layer} rel {r.MaxRelErr:E2}"));
        Assert.NotEmpty(DepthAnalysis.OfModel(DepthModels.Resolve(output), tokens: 4, seed: 1));
    }

    [Fact]
    public void A_pre_crmsnorm_file_is_compared_in_full_width()
    {
        string output = Path.Combine(_files.Folder, "crms.safetensors");
        ModelConverter.Convert(TestModels.SmallGpt(), "gpt", "pre-crmsnorm", output, StorageType.F64);
        var rows = new ModelVerifier(ModelCatalog.Open(output)).Run().ToList();
        Assert.Contains(rows, r => r.Layer == "block1");
        Assert.All(rows, r => Assert.True(r.Pass, $"{r.Variant} {r.Precision} {r.Layer}: {r.MaxRelErr:E2}"));
    }

    [Fact]
    public void A_float32_pre_rmsnorm_file_is_reprojected_so_its_compression_stays_exact()
    {
        string output = Path.Combine(_files.Folder, "rms32.safetensors");
        ModelConverter.Convert(TestModels.SmallGpt(), "gpt", "pre-rmsnorm", output, StorageType.F32);
        var model = SafetensorsModels.Load(output);
        foreach (var (name, axis) in StreamInputs.Of(model.Config).Where(p => model.Weights.Contains(p.Key)))
        {
            var t = model.Weights.Load(name);
            var centered = StreamInputs.Center(t, axis);
            double worst = t.Data.Zip(centered.Data).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(worst <= 1e-15, $"{name} is not zero-mean after reading: moved by {worst:E2}");
        }
        var crms = new ModelVerifier(ModelCatalog.Open(output), ["pre-crmsnorm"]).Run().Where(r => r.Precision == "float64").ToList();
        Assert.All(crms, r => Assert.True(r.MaxRelErr <= 1e-10, $"{r.Layer}: {r.MaxRelErr:E2}"));
    }

    private VerificationTarget Source(string family) => family switch
    {
        "gpt" => VerificationTarget.Seeded(TestModels.SmallGpt()),
        "vit" => ModelCatalog.Open(SyntheticVit.Write(_files.Folder), SyntheticVit.LayoutPath(_files.Folder)),
        _ => ModelCatalog.Open(TestModels.Stories260KPath),
    };
}
