using NormLab.Reports.Data;
using NormLab.Reports.Figures;
using NormLab.Reports.Sections;

namespace NormLab.Reports.Tests;

public class TrainingSectionTests
{
    [Fact]
    public void Training_section_shows_every_study_from_its_json()
    {
        var inputs = ReportInputs.Load(TestPaths.FixtureData);
        Assert.NotNull(inputs.Training?.Equivalence);
        var figures = new FigureList();
        string md = new TrainingSection().Render(inputs, figures);
        Assert.Contains("## Training at toy scale", md);
        foreach (string study in new[] { "equivalence", "speed", "depth", "peri" })
            Assert.DoesNotContain($"training-{study}.json` is missing", md);
        Assert.Contains(inputs.Training!.Equivalence!.Header.Verdict, md);
        Assert.Contains(inputs.Training.Peri!.Header.Verdict, md);
        Assert.Contains("| float64 | Pre-RMSNorm + P |", md);
        Assert.Contains("| Pre-LN + LNS | 24 |", md);
        Assert.Contains("GEMM kernel (float32) against the FMA peak", md);
        Assert.Contains(figures.All, f => f.Stem == "training-equivalence-float64");
        Assert.Contains(figures.All, f => f.Stem == "training-depth-prune");
        Assert.Contains(figures.All, f => f.Stem.StartsWith("training-peri-loss-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_study_says_which_command_makes_it()
    {
        string data = TestPaths.CopyOfFixtures();
        File.Delete(Path.Combine(data, TrainingInputs.SpeedFile));
        string md = new TrainingSection().Render(ReportInputs.Load(data), new FigureList());
        Assert.Contains("`reports/data/training-speed.json` is missing. Run `normlab train --study speed --quick`", md);
        Assert.Contains("### Equivalence in training", md);
        Assert.DoesNotContain("training-equivalence.json` is missing", md);
    }

    [Fact]
    public void Train_figures_are_drawn_from_one_study_file()
    {
        string output = TestPaths.TempDirectory();
        var written = TrainingFigures.Write(Path.Combine(TestPaths.FixtureData, TrainingInputs.DepthFile), output);
        Assert.Equal(6, written.Count);
        Assert.All(written.Where(f => f.EndsWith(".png", StringComparison.Ordinal)), f => Assert.Equal((byte)0x89, File.ReadAllBytes(f)[0]));
    }

    [Fact]
    public void A_malformed_training_file_is_an_error_naming_it()
    {
        string data = TestPaths.CopyOfFixtures();
        File.WriteAllText(Path.Combine(data, TrainingInputs.PeriFile), "[1, 2");
        var error = Assert.Throws<InvalidDataException>(() => ReportInputs.Load(data));
        Assert.Contains(TrainingInputs.PeriFile, error.Message);
    }
}
