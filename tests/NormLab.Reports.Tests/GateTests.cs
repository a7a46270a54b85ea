using System.CommandLine;
using System.Text.Json.Nodes;
using NormLab.Cli.Commands;
using NormLab.Reports.Data;
using NormLab.Reports.Gate;

namespace NormLab.Reports.Tests;

public class GateTests
{
    private const string GatedKernel = "LayerNorm/simd/float32/4096x4096";

    /// <summary>A baseline written by --update from the unchanged fixture results.</summary>
    private static string Baseline()
    {
        string path = Path.Combine(TestPaths.TempDirectory(), "baseline.json");
        Assert.Equal(0, GateRun.Execute(path, TestPaths.FixtureData, update: true, TextWriter.Null));
        return path;
    }

    private static (int Exit, string Output) Gate(string baseline, string results)
    {
        var output = new StringWriter();
        int exit = GateRun.Execute(baseline, results, update: false, output);
        return (exit, output.ToString());
    }

    /// <summary>Edits one JSON result file of a results directory in place.</summary>
    private static void Edit(string results, string file, Action<JsonNode> change)
    {
        string path = Path.Combine(results, file);
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        change(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    private static JsonNode KernelRow(JsonNode result, string variant, string backend, string dtype, int rows, int d) =>
        result["rows"]!.AsArray().Single(r => (string)r!["variant"]! == variant && (string)r["backend"]! == backend
            && (string)r["dtype"]! == dtype && (int)r["rows"]! == rows && (int)r["d"]! == d)!;

    [Fact]
    public void Unchanged_results_pass()
    {
        var (exit, output) = Gate(Baseline(), TestPaths.FixtureData);
        Assert.Equal(0, exit);
        Assert.Contains("gate: PASS", output);
        Assert.Contains(GatedKernel, output);
    }

    [Fact]
    public void Noise_within_the_tolerance_passes()
    {
        string results = TestPaths.CopyOfFixtures();
        Edit(results, ReportInputs.KernelsFile, r => KernelRow(r, "LayerNorm", "simd", "float32", 4096, 4096)["vsCopy"] =
            (double)KernelRow(r, "LayerNorm", "simd", "float32", 4096, 4096)["vsCopy"]! * 0.75);
        Assert.Equal(0, Gate(Baseline(), results).Exit);
    }

    [Fact]
    public void A_planted_slowdown_fails()
    {
        string baseline = Baseline();
        string results = TestPaths.CopyOfFixtures();
        Edit(results, ReportInputs.KernelsFile, r =>
        {
            var row = KernelRow(r, "LayerNorm", "simd", "float32", 4096, 4096);
            row["vsCopy"] = (double)row["vsCopy"]! * 0.4; // the kernel lost, e.g., its SIMD path: 2.5× slower against the same copy
            row["vsOrt"] = (double)row["vsOrt"]! * 0.4;
        });
        var (exit, output) = Gate(baseline, results);
        Assert.Equal(1, exit);
        Assert.Contains("REGRESSION | ours/copy | " + GatedKernel, output);
        Assert.Contains("REGRESSION | ours/ORT | " + GatedKernel, output);
        Assert.Contains("gate: FAIL", output);
    }

    [Fact]
    public void A_planted_loss_of_vectorization_fails_on_the_simd_over_scalar_ratio()
    {
        string baseline = Baseline();
        string results = TestPaths.CopyOfFixtures();
        Edit(results, ReportInputs.KernelsFile, r => KernelRow(r, "RMSNorm", "simd", "float16", 4096, 4096)["vsScalar"] = 1.1);
        var (exit, output) = Gate(baseline, results);
        Assert.Equal(1, exit);
        Assert.Contains("REGRESSION | SIMD/scalar | RMSNorm/simd/float16/4096x4096", output);
    }

    [Fact]
    public void A_planted_failing_check_case_fails()
    {
        string baseline = Baseline();
        string results = TestPaths.CopyOfFixtures();
        Edit(results, ReportInputs.CheckFile, c => c[0]!["pass"] = false);
        var (exit, output) = Gate(baseline, results);
        Assert.Equal(1, exit);
        Assert.Contains("REGRESSION | check case failed", output);
    }

    [Fact]
    public void A_planted_accuracy_loss_within_the_bound_still_fails_against_the_baseline()
    {
        string baseline = Baseline();
        string results = TestPaths.CopyOfFixtures();
        Edit(results, ReportInputs.CheckFile, c =>
        {
            c[1]!["maxUlp"] = 12.0; // was 3: still under the check bound of 16, but 4× worse than the baseline
            c[1]!["maxRelErr"] = 7.1e-7;
        });
        var (exit, output) = Gate(baseline, results);
        Assert.Equal(1, exit);
        Assert.Contains("REGRESSION | max ULP | LayerNorm/scalar/float32", output);
    }

    [Fact]
    public void A_planted_verification_error_growth_fails()
    {
        string baseline = Baseline();
        string results = TestPaths.CopyOfFixtures();
        Edit(results, ReportInputs.VerifyFile, v => v[2]!["maxRelErr"] = 1e-9);
        var (exit, output) = Gate(baseline, results);
        Assert.Equal(1, exit);
        Assert.Contains("REGRESSION | verify max rel err | builtin:gpt2-small/pre-rmsnorm/float64", output);
    }

    [Fact]
    public void Update_rewrites_the_baseline_so_the_new_results_pass()
    {
        string baseline = Baseline();
        string results = TestPaths.CopyOfFixtures();
        Edit(results, ReportInputs.KernelsFile, r => KernelRow(r, "RMSNorm", "simd", "float32", 4096, 4096)["vsCopy"] = 0.01);
        Assert.Equal(1, Gate(baseline, results).Exit);
        Assert.Equal(0, GateRun.Execute(baseline, results, update: true, TextWriter.Null));
        Assert.Equal(0, Gate(baseline, results).Exit);
        var rewritten = NormLab.Results.ResultJson.Read<GateBaseline>(baseline);
        Assert.Equal(0.01, rewritten.Speed.Single(s => s.Key == "RMSNorm/simd/float32/4096x4096").VsCopy);
    }

    [Fact]
    public void Small_shapes_are_not_speed_gated()
    {
        var fresh = GateBaseline.From(ReportInputs.Load(TestPaths.FixtureData));
        var gated = ReportInputs.Load(TestPaths.FixtureData).Kernels!.Rows.Where(r => r.BytesMoved < GateBaseline.MinGatedBytes).ToArray();
        Assert.All(gated, r => Assert.DoesNotContain(fresh.Speed, s => s.Key == GateBaseline.KeyOf(r)));
    }

    [Fact]
    public void The_gate_command_exits_1_on_regression_and_0_otherwise()
    {
        string baseline = Baseline();
        var root = new RootCommand { GateCommand.Create() };
        Assert.Equal(0, root.Parse(["gate", "--baseline", baseline, "--results", TestPaths.FixtureData]).Invoke());
        string results = TestPaths.CopyOfFixtures();
        Edit(results, ReportInputs.CheckFile, c => c[0]!["pass"] = false);
        Assert.Equal(1, root.Parse(["gate", "--baseline", baseline, "--results", results]).Invoke());
    }

    [Fact]
    public void A_missing_baseline_is_an_argument_error()
    {
        var error = Assert.Throws<UsageException>(() => Gate(Path.Combine(TestPaths.TempDirectory(), "none.json"), TestPaths.FixtureData));
        Assert.Contains("none.json", error.Message);
    }
}
