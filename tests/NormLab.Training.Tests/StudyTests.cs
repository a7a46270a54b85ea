using NormLab.Training.Data;
using NormLab.Training.Studies;

namespace NormLab.Training.Tests;

/// <summary>The studies end to end at a tiny size on the embedded text (no npm).</summary>
public class StudyTests
{
    [Fact]
    public void Equivalence_study_reports_rounding_noise_with_P_and_a_real_gap_without()
    {
        var o = new EquivalenceOptions("test", new GptConfig(16, 1, 2, 16, NormForm.PreLN), new TrainOptions(2, 16, 12, 1e-2), 3);
        var doc = EquivalenceStudy.Run(o, TextData.Embedded());
        var f64 = doc.Precisions.Single(p => p.Precision == "float64");
        Assert.Equal(12, f64.PreLnLoss.Length);
        Assert.True(f64.Forms.Single(f => f.Form == "pre-rms-p").MaxLossRelDiff < 1e-12);
        Assert.True(f64.Forms.Single(f => f.Form == "pre-crms").MaxParamRelDiff < 1e-10);
        Assert.True(f64.Forms.Single(f => f.Form == "pre-rms").FinalParamRelDiff > 1e-4);
        Assert.StartsWith("Reproduces", doc.Header.Verdict);
        Assert.Equal("equivalence", doc.Header.Study);
        Assert.True(doc.Header.Cores >= 1);
        string path = Path.Combine(Path.GetTempPath(), $"normlab-eq-{Guid.NewGuid():N}.json");
        StudyJson.Write(doc, path);
        Assert.Contains("\"verdict\":", File.ReadAllText(path));
        File.Delete(path);
    }

    [Fact]
    public void Depth_fits_tell_linear_from_exponential_growth()
    {
        double[] linear = [.. Enumerable.Range(0, 11).Select(l => 1.0 + 2.0 * l)];
        double[] exponential = [.. Enumerable.Range(0, 11).Select(l => 0.5 * Math.Exp(0.4 * l))];
        var lin = DepthStudy.Fits(linear);
        var exp = DepthStudy.Fits(exponential);
        Assert.Equal(1.0, lin.Single(f => f.Kind == "linear").RSquared, 6);
        Assert.True(lin.Single(f => f.Kind == "exponential").RSquared < 0.99);
        Assert.Equal(1.0, exp.Single(f => f.Kind == "exponential").RSquared, 6);
        Assert.Equal(0.4, exp.Single(f => f.Kind == "exponential").B, 4);
        Assert.True(exp.Single(f => f.Kind == "linear").RSquared < 0.95);
    }

    [Fact]
    public void Depth_and_peri_studies_run_at_a_tiny_size()
    {
        var data = TextData.Embedded();
        var depth = DepthStudy.Run(new DepthOptions("test", 8, 2, [3], [1], new TrainOptions(2, 8, 4, 1e-2, WarmupSteps: 1), 2), data);
        Assert.Equal(2, depth.Runs.Count);
        Assert.All(depth.Runs, r => Assert.Equal(3, r.PruneDeltaBpc.Length));
        Assert.All(depth.Runs, r => Assert.Equal(4, r.VarianceTrained.Length));
        var peri = PeriStudy.Run(new PeriOptions("test", new GptConfig(8, 2, 2, 8, NormForm.PreLN), new TrainOptions(2, 8, 30, 1e-2), [1e-2], [1, 2], 10, 2), data);
        Assert.Equal(4, peri.Runs.Count);
        Assert.All(peri.Runs, r => Assert.Equal([0, 10, 20, 29], r.ProbeSteps));
        Assert.Contains("Peri-LN", peri.Header.Verdict);
    }
}
