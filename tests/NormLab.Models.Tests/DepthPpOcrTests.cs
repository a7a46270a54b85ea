using NormLab.Models.Depth;
using Xunit;

namespace NormLab.Models.Tests;

[Collection(PpOcrCollection.Name)]
public sealed class DepthPpOcrTests(PpOcrTestModel ppocr)
{
    [Fact]
    public void Depth_on_builtin_ppocrv4_measures_the_two_svtr_blocks_on_the_real_stage_input()
    {
        Assert.NotNull(ppocr.Files); // the collection fetched the fixture
        var target = DepthModels.Resolve(DepthModels.PpOcr);
        Assert.NotNull(target.Input);
        var rows = DepthAnalysis.OfModel(target, tokens: 16, seed: 1);
        Assert.Equal([0, 1, 2], rows.Select(r => r.Layer));
        Assert.Equal((120, 2), (target.Model.Config.Dim, target.Model.Config.Layers)); // SPEC: 2 blocks of width 120
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Variance) && r.Variance > 0));
        Assert.All(rows.Skip(1), r => Assert.InRange(r.AngularDistance!.Value, 1e-4, 1));
    }
}
