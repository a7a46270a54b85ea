using NormLab.Reports.Data;

namespace NormLab.Reports.Tests;

public class ReportSnapshotTests
{
    [Fact]
    public void Report_from_the_fixture_results_matches_the_approved_markdown()
    {
        var (markdown, _) = ReportRenderer.Render(ReportInputs.Load(TestPaths.FixtureData));
        Approval.Verify("index", markdown);
    }

    [Fact]
    public void Report_without_any_results_says_what_is_missing()
    {
        var (markdown, figures) = ReportRenderer.Render(ReportInputs.Load(TestPaths.TempDirectory()));
        Approval.Verify("missing", markdown);
        Assert.Empty(figures.All);
    }

    [Fact]
    public void Rendering_twice_gives_the_same_bytes()
    {
        var first = ReportRenderer.Render(ReportInputs.Load(TestPaths.FixtureData)).Markdown;
        var second = ReportRenderer.Render(ReportInputs.Load(TestPaths.FixtureData)).Markdown;
        Assert.Equal(first, second);
    }

    [Fact]
    public void Each_section_appears_exactly_when_its_json_exists()
    {
        string data = TestPaths.CopyOfFixtures();
        File.Delete(Path.Combine(data, ReportInputs.KernelsFile));
        var markdown = ReportRenderer.Render(ReportInputs.Load(data)).Markdown;
        Assert.Contains("`reports/data/bench-kernels.json` is missing", markdown);
        Assert.DoesNotContain("`reports/data/check.json` is missing", markdown);
        Assert.Contains("| LayerNorm | simd | float32 |", markdown);
    }

    [Fact]
    public void A_malformed_result_file_is_an_error_naming_the_file()
    {
        string data = TestPaths.CopyOfFixtures();
        File.WriteAllText(Path.Combine(data, ReportInputs.CheckFile), "{ not json");
        var error = Assert.Throws<InvalidDataException>(() => ReportInputs.Load(data));
        Assert.Contains(ReportInputs.CheckFile, error.Message);
    }

    [Fact]
    public void Write_produces_index_and_every_figure_as_png_and_svg()
    {
        string output = TestPaths.TempDirectory();
        var written = ReportRenderer.Write(TestPaths.FixtureData, output);
        var (_, figures) = ReportRenderer.Render(ReportInputs.Load(TestPaths.FixtureData));
        Assert.True(File.Exists(Path.Combine(output, "index.md")));
        Assert.NotEmpty(figures.All);
        foreach (var figure in figures.All)
        {
            byte[] png = File.ReadAllBytes(Path.Combine(output, "figures", figure.Stem + ".png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(output, "figures", figure.Stem + ".svg")));
        }
        Assert.Equal(1 + 2 * figures.All.Count, written.Count);
    }
}
