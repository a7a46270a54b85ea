using System.Text.Json;

namespace NormLab.Cli.Tests;

/// <summary>`gate --update` and `report` never replace a good baseline or report with an empty or partial one.</summary>
public sealed class ResultTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Baseline = """
        {"accuracy":[{"source":"check","key":"LayerNorm/simd/float32","maxUlp":2,"maxRelErr":1e-7}],"speed":[]}
        """;

    private void Check(bool pass, string key = "LayerNorm")
    {
        Directory.CreateDirectory(_dir["data"]);
        File.WriteAllText(_dir["data/check.json"], JsonSerializer.Serialize(new[]
        {
            new { variant = key, backend = "simd", dtype = "float32", rows = 1, d = 4, inputs = "normal", maxAbsErr = 0.0, maxRelErr = 1e-7, maxUlp = 1.0, bound = 4.0, pass },
        }));
    }

    [Fact]
    public void Update_from_an_empty_results_folder_keeps_the_baseline()
    {
        File.WriteAllText(_dir["baseline.json"], Baseline);
        Directory.CreateDirectory(_dir["data"]);
        Normlab.BadInput(_dir.Folder, ["gate", "--baseline", "baseline.json", "--results", "data", "--update"], "data");
        Assert.Equal(Baseline, File.ReadAllText(_dir["baseline.json"]));
    }

    [Fact]
    public void Update_from_failing_or_partial_results_keeps_the_baseline_unless_forced()
    {
        File.WriteAllText(_dir["baseline.json"], Baseline);
        Check(pass: false);
        Normlab.BadInput(_dir.Folder, ["gate", "--baseline", "baseline.json", "--results", "data", "--update"], "baseline.json", "fail", "--force");
        Check(pass: true, key: "RMSNorm");
        Normlab.BadInput(_dir.Folder, ["gate", "--baseline", "baseline.json", "--results", "data", "--update"], "baseline.json", "LayerNorm/simd/float32");
        Assert.Equal(Baseline, File.ReadAllText(_dir["baseline.json"]));
        Assert.Equal(0, Normlab.Run(_dir.Folder, "gate", "--baseline", "baseline.json", "--results", "data", "--update", "--force").Exit);
        Assert.Contains("RMSNorm", File.ReadAllText(_dir["baseline.json"]));
    }

    [Theory]
    [InlineData("""{"accuracy":[{"source":"check","key":"LayerNorm/simd/float32"}],"speed":[]}""", "baseline.json")]
    [InlineData("""{"accuracy":[],"speed":[]}""", "no entries")]
    [InlineData("""[1, 2""", "baseline.json")]
    public void A_baseline_that_is_incomplete_or_empty_is_refused(string baseline, string what)
    {
        File.WriteAllText(_dir["baseline.json"], baseline);
        Check(pass: true);
        Normlab.BadInput(_dir.Folder, ["gate", "--baseline", "baseline.json", "--results", "data"], what);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    public void Report_from_a_missing_or_empty_data_folder_keeps_index_md(string data)
    {
        Directory.CreateDirectory(_dir["empty"]);
        Directory.CreateDirectory(_dir["reports"]);
        File.WriteAllText(_dir["reports/index.md"], "# the full report\n");
        Normlab.BadInput(_dir.Folder, ["report", "--data", data, "--out", "reports"], data);
        Assert.Equal("# the full report\n", File.ReadAllText(_dir["reports/index.md"]));
    }
}
