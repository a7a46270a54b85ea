using System.CommandLine;
using System.Text.Json;
using NormLab.Cli.Commands;
using Xunit;

namespace NormLab.Models.Tests;

/// <summary>verify --json: every row names the metric its errors are in (NormLab.Errors.MetricNames).</summary>
public sealed class VerifyJsonTests
{
    [Fact]
    public void Verify_rows_are_row_normwise()
    {
        string json = Path.Combine(Path.GetTempPath(), $"verify-{Guid.NewGuid():N}.json");
        try
        {
            var root = new RootCommand();
            root.Subcommands.Add(VerifyCommand.Create());
            Assert.Equal(0, root.Parse(["verify", "--model", "builtin:gpt2-synthetic-1", "--json", json]).Invoke());
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var rows = doc.RootElement.EnumerateArray().ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Equal("row-normwise", r.GetProperty("metric").GetString()));
        }
        finally
        {
            File.Delete(json);
        }
    }
}
