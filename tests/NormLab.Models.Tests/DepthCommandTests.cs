using NormLab.Results;
using System.CommandLine;
using System.Text.Json;
using NormLab.Cli.Commands;
using NormLab.Models.Depth;
using Xunit;

namespace NormLab.Models.Tests;

public class DepthCommandTests
{
    private static int Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(DepthCommand.Create());
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void Depth_on_builtin_stories260K_writes_one_camelCase_row_per_layer()
    {
        string json = Path.Combine(Path.GetTempPath(), $"depth-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, Invoke("depth", "--model", "builtin:stories260K", "--tokens", "8", "--json", json));
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToArray();
            Assert.Equal(6, rows.Length); // entry + 5 blocks
            Assert.Equal([0, 1, 2, 3, 4, 5], rows.Select(r => r.GetProperty("layer").GetInt32()));
            Assert.All(rows, r => Assert.Equal("pre-rmsnorm", r.GetProperty("variant").GetString()));
            Assert.All(rows.Skip(1), r => Assert.InRange(r.GetProperty("angularDistance").GetDouble(), 1e-4, 1));
            Assert.All(rows, r => Assert.True(r.GetProperty("maxToMedian").GetDouble() >= 1));
            Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("angularDistance").ValueKind);
            var read = DepthDocument.Read(json);
            Assert.Equal(rows.Length, read.Rows.Count);
        }
        finally { File.Delete(json); }
    }

    [Fact]
    public void Depth_on_builtin_gpt2_small_synthetic_covers_its_12_blocks()
    {
        var model = DepthModels.Resolve("builtin:gpt2-small-synthetic");
        var rows = DepthAnalysis.OfModel(model, tokens: 4, seed: 1);
        Assert.Equal(Enumerable.Range(0, 13), rows.Select(r => r.Layer));
        Assert.All(rows, r => Assert.Equal("gpt2-small-synthetic", r.Model));
        Assert.True(rows[12].Variance > rows[0].Variance, "the Pre-LN stream's variance grows over the blocks");
    }

    [Fact]
    public void Depth_without_a_model_or_the_study_is_a_usage_error_and_unknown_builtins_are_named()
    {
        Assert.Equal(2, Invoke("depth"));
        var e = Assert.Throws<UsageException>(() => DepthModels.Resolve("builtin:nope"));
        Assert.Contains("stories260K", e.Message);
        Assert.Throws<FileNotFoundException>(() => DepthModels.Resolve("/no/such/model.bin"));
    }
}
