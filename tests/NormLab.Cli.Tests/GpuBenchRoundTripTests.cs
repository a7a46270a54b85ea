using System.Text.Json;

namespace NormLab.Cli.Tests;

/// <summary>
/// The GPU harness's files as the device run writes them: torch_norms.py's format goes in, bench-gpu.json comes out, and
/// `report --gpu` renders it; on the CPU accelerator, so the three formats cannot drift apart unseen.
/// </summary>
public sealed class GpuBenchRoundTripTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Torch_anchors_and_refusals_reach_the_bench_json_and_the_gpu_report()
    {
        Directory.CreateDirectory(_dir["run"]);
        File.WriteAllText(_dir["torch-norms.json"], """
            {"meta": {"torch": "2.9.0", "device": "cpu", "refusals": [
               {"variant": "rmsnorm", "dtype": "float32", "rows": 8, "d": 33, "mode": "compile", "reason": "compile budget of 20 s spent"}]},
             "rows": [{"variant": "rmsnorm", "dtype": "float32", "rows": 8, "d": 33, "mode": "eager", "ms": 0.5, "msMin": 0.4, "msMax": 0.6}]}
            """);
        var bench = Normlab.Run(_dir.Folder, "bench", "kernels", "--backend", "ilgpu-cpu", "--rows", "8", "--d", "33", "--variants", "rmsnorm",
            "--dtype", "float32", "--torch", "torch-norms.json", "--json", Path.Combine("run", "bench-gpu.json"));
        Assert.True(bench.Exit == 0, bench.Output);

        using var json = JsonDocument.Parse(File.ReadAllText(_dir[Path.Combine("run", "bench-gpu.json")]));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        // v3 (vector loads) has no launch on an odd width; the harness lists what it ran, auto last.
        Assert.Equal(["v1", "v2", "auto"], rows.Select(r => r.GetProperty("version").GetString()));
        foreach (var r in rows)
        {
            Assert.True(r.GetProperty("pass").GetBoolean());
            Assert.Equal("row-scaled-ulp", r.GetProperty("metric").GetString());
            double ms = r.GetProperty("ms").GetDouble();
            Assert.Equal(0.5, r.GetProperty("torchEagerMs").GetDouble());
            Assert.Equal(0.5 / ms, r.GetProperty("vsTorch").GetDouble(), 1e-9);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("vsTorchCompile").ValueKind);
        }
        Assert.Equal("rmsnorm float32 8×33 compile: compile budget of 20 s spent",
            Assert.Single(json.RootElement.GetProperty("torchRefused").EnumerateArray()).GetString());

        var report = Normlab.Run(_dir.Folder, "report", "--gpu", "run", "--out", "out");
        Assert.True(report.Exit == 0, report.Output);
        string page = File.ReadAllText(_dir[Path.Combine("out", "gpu", "index.md")]);
        Assert.Contains("| rmsnorm | float32 | 8 × 33 | auto → v", page);
        Assert.Contains("check-cuda.json` is missing", page);
    }
}
