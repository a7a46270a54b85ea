using System.Text.Json;

namespace NormLab.Cli.Tests;

/// <summary>Every JSON row of check names the metric its errors are in (NormLab.Errors.MetricNames); verify's: VerifyJsonTests.</summary>
public sealed class MetricFieldTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Check_rows_are_row_scaled_ulps()
    {
        var check = Normlab.Run(_dir.Folder, "check", "--quick", "--backend", "scalar", "--variants", "rmsnorm", "--json", "check.json");
        Assert.True(check.Exit == 0, check.Output);
        Assert.Equal(["row-scaled-ulp"], Metrics("check.json"));
    }

    private string[] Metrics(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(_dir[file]));
        var list = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(list);
        return [.. list.Select(r => r.GetProperty("metric").GetString()!).Distinct()];
    }
}
