using NormLab.Reports.Gpu;

namespace NormLab.Reports.Tests;

/// <summary>report --gpu on fixture files of a device run: the numbers come from the files; a missing file is named.</summary>
public sealed class GpuRunReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("normlab-gpu-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    [Fact]
    public void A_full_run_renders_machine_check_bench_and_forms_from_its_files()
    {
        Write("versions.txt", "date: 2027-01-02T03:04:05Z\nmode: gpu\ncommit: abc123\ntorch: 2.9.0\ngpu: NVIDIA H200, 570.1, 143771 MiB\ndriver cuda: 12.8\n");
        Write("steps.tsv", "step\texit\tseconds\tlog\tnote\ncheck\t0\t41.5\tcheck.log\t\nbench-kernels\t124\t90.0\tbench-kernels.log\ttimed out after 90 s\n");
        Write("check-cuda.json", """
            [{"variant":"rmsnorm","backend":"cuda","dtype":"float32","rows":7,"d":65,"inputs":"normal","maxAbsErr":1e-7,"maxRelErr":1e-7,"maxUlp":3.25,"bound":8,"pass":true,"version":"v1"},
             {"variant":"layernorm","backend":"cuda","dtype":"float32","rows":7,"d":1000,"inputs":"nan-inf","maxAbsErr":1e-6,"maxRelErr":1e-6,"maxUlp":9.5,"bound":8,"pass":false,"version":"v1"}]
            """);
        Write("bench-gpu.json", """
            {"machine":{"gpu":"x"},"device":"NVIDIA H200 (fixture)","rows":[
              {"variant":"rmsnorm","dtype":"float16","rows":4096,"d":4096,"version":"v2","pass":true,"maxUlp":0.5,"bound":0.51,"ms":0.0123,"msMin":0.0121,"msMax":0.0130,"gbps":2727.4,"copyGbps":3500,"vsCopy":0.78,"torchEagerMs":0.02,"vsTorch":1.63,"torchCompileMs":null,"vsTorchCompile":null},
              {"variant":"rmsnorm","dtype":"float16","rows":4096,"d":4096,"version":"v3","pass":false,"maxUlp":2.5,"bound":0.51,"ms":null,"gbps":null,"copyGbps":3500,"vsCopy":null,"torchEagerMs":null,"vsTorch":null,"torchCompileMs":null,"vsTorchCompile":null}]}
            """);
        Write("torch-forms.json", """
            {"meta":{"gpu":"NVIDIA H200 (fixture)","torch":"2.9.0"},
             "checks":[{"shape":"gpt2-small","form":"Pre-LN","maxAbs":2e-6,"maxRel":3e-7,"scale":7.5,"tolerance":0.001,"pass":true},
                       {"shape":"gpt2-small","form":"FlashNorm","maxAbs":3.0,"maxRel":0.4,"scale":7.5,"tolerance":0.001,"pass":false}],
             "rows":[{"shape":"gpt2-small","form":"Pre-LN","dtype":"float16","phase":"decode","batch":1,"tokens":1,"cache":1023,"ms":4.25,"msMin":4.2,"msMax":4.4,"ratio":1.0}],
             "refusals":[]}
            """);
        string md = GpuRunReport.Render(GpuRunFiles.Load(_dir));
        Assert.Contains("Machine: **NVIDIA H200 (fixture)**; driver 570.1; CUDA 12.8; torch 2.9.0; mode gpu; commit `abc123`; date 2027-01-02T03:04:05Z.", md);
        Assert.Contains("| bench-kernels | 124 | 90.0 | timed out after 90 s |", md);
        Assert.Contains("| cuda | v1 | 2 | 1 | 9.50 / 8.00 (layernorm float32) |", md);
        Assert.Contains("| rmsnorm | float16 | 4096 × 4096 | v2 | ✓ | 0.0123 | 0.0121–0.0130 | 2727 | 0.78× | 1.63× | – |", md);
        Assert.Contains("| rmsnorm | float16 | 4096 × 4096 | v3 | ✗ 2.5 > 0.5 ULP | – | – | – | – | – | – |", md);
        Assert.Contains("| gpt2-small | FlashNorm | 3.00e+00 | 4.00e-01 | ✗ FAIL (not timed) |", md);
        Assert.Contains("| gpt2-small | float16 | decode | 1 × 1 (1023) | Pre-LN | 4.250 | 4.200–4.400 | 1.000 |", md);
    }

    [Fact]
    public void Missing_files_are_named_and_nothing_is_invented()
    {
        string md = GpuRunReport.Render(GpuRunFiles.Load(_dir));
        foreach (string file in new[] { "steps.tsv", "check-cuda.json", "bench-gpu.json", "torch-forms.json" })
            Assert.Contains($"*`{file}` is missing from the run's folder", md);
        Assert.Contains("Machine: **no GPU recorded**", md);
        Assert.Contains("(`versions.txt` is missing.)", md);
        Assert.DoesNotContain("GB/s |", md);
    }

    [Fact]
    public void A_missing_run_folder_is_a_clear_error() =>
        Assert.Contains("--gpu", Assert.Throws<DirectoryNotFoundException>(() => GpuRunFiles.Load(Path.Combine(_dir, "nope"))).Message);
}
