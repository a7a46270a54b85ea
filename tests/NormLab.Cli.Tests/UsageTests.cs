namespace NormLab.Cli.Tests;

/// <summary>Unknown options and values are errors (exit 2, one line); the trace appears only with --verbose.</summary>
public sealed class UsageTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_unknown_option_after_a_model_is_not_a_second_model() =>
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "x.safetensors", "--bogus"], "--bogus");

    [Fact]
    public void An_unknown_variant_lists_the_valid_ones() =>
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "builtin:gpt2-synthetic-1", "--variant", "bogus"], "bogus", "pre-crmsnorm", "flashnorm");

    [Fact]
    public void An_unknown_convert_target_is_refused() =>
        Normlab.BadInput(_dir.Folder, ["convert", "--model", "x.safetensors", "--to", "postln", "--out", "y.safetensors"], "postln");

    [Fact]
    public void An_unknown_kernel_version_lists_the_valid_ones() =>
        Normlab.BadInput(_dir.Folder, ["check", "--quick", "--backend", "ilgpu-cpu", "--version", "v9"], "v9", "v1, v2, v3, auto or all");

    [Fact]
    public void A_gpu_bench_variant_without_a_gpu_row_is_refused_before_the_device_starts() =>
        Normlab.BadInput(_dir.Folder, ["bench", "kernels", "--backend", "ilgpu-cpu", "--variants", "rmsnorm,flashnorm-rms"], "--variants", "flashnorm-rms", "prenorm-residual");

    [Fact]
    public void A_gpu_bench_dtype_the_gpu_kernels_lack_is_refused() =>
        Normlab.BadInput(_dir.Folder, ["bench", "kernels", "--backend", "ilgpu-cpu", "--dtype", "bfloat16"], "--dtype", "bfloat16", "float16");

    [Fact]
    public void A_kernel_version_without_a_gpu_backend_is_refused() =>
        Normlab.BadInput(_dir.Folder, ["check", "--quick", "--version", "v2"], "--version v2", "ilgpu-cpu");

    [Fact]
    public void An_unknown_training_study_lists_the_four() =>
        Normlab.BadInput(_dir.Folder, ["train", "--study", "bogus"], "bogus", "equivalence", "speed", "depth", "peri");

    [Fact]
    public void A_training_json_path_that_cannot_be_written_fails_before_the_run()
    {
        Directory.CreateDirectory(_dir["out.json"]);
        Normlab.BadInput(_dir.Folder, ["train", "--study", "equivalence", "--json", "out.json"], "--json", "out.json", "directory");
    }

    [Fact]
    public void A_missing_model_names_the_file_and_verbose_adds_the_trace()
    {
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "nope.safetensors"], "nope.safetensors");
        var verbose = Normlab.Run(_dir.Folder, "verify", "--model", "nope.safetensors", "--verbose");
        Assert.Equal(2, verbose.Exit);
        Assert.Contains("   at ", verbose.Stderr);
    }

    [Fact]
    public void A_json_path_that_cannot_be_written_fails_before_the_run()
    {
        Directory.CreateDirectory(_dir["out.json"]);
        Normlab.BadInput(_dir.Folder, ["verify", "--model", "builtin:gpt2-synthetic-1", "--json", "out.json"], "--json", "out.json", "directory");
    }
}
