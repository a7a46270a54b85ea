using System.CommandLine;
using System.Diagnostics;
using System.Runtime.Intrinsics;
using NormLab.Results;
using NormLab.Check;
using NormLab.Cli.Check;
using NormLab.Variants;
using Spectre.Console;

namespace NormLab.Cli.Commands;

/// <summary>`normlab check`: every variant × backend × dtype on the sweep, held to the float64 references.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var json = new Option<string?>("--json") { Description = "Also write every case as a JSON array to this path." };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the summary table as Markdown to this path." };
        var backend = new Option<string>("--backend")
        {
            Description = "Backends to check: all, or a comma-separated list of names (scalar, simd, and any registered GPU backend).",
            DefaultValueFactory = _ => "all",
        };
        var version = new Option<string>("--version")
        {
            Description = "GPU kernel version for ilgpu-cpu/cuda: v1, v2, v3, auto (the launch plan's pick) or all (each checked on the same cases).",
            DefaultValueFactory = _ => "auto",
        };
        var variants = new Option<string?>("--variants")
        {
            Description = "Comma-separated variant names to keep (default: all), e.g. layernorm,rmsnorm: a short check, as CI's single-file bundle rehearsal runs.",
        };
        var quick = new Option<bool>("--quick") { Description = "A smaller sweep (d in 1,3,17,65,1000,12288; rows 1 and 7) that runs in under a minute." };
        var command = new Command("check",
            "Hold every kernel to the float64 reference on the sweep of shapes and input families; print max abs/rel/ULP errors and bounds. Exit code 1 if any case fails.");
        command.Options.Add(backend);
        command.Options.Add(quick);
        command.Options.Add(version);
        command.Options.Add(variants);
        command.Options.Add(json);
        command.Options.Add(markdown);
        command.SetAction(parse => Run(parse.GetValue(backend) ?? "all", parse.GetValue(quick), parse.GetValue(json), parse.GetValue(markdown),
            parse.GetValue(version) ?? "auto", parse.GetValue(variants)));
        return command;
    }

    public static int Run(string backendSelection, bool quick, string? jsonPath, string? markdownPath, string version = "auto", string? variantSelection = null)
    {
        HashSet<NormVariant>? keep;
        try
        {
            keep = SelectVariants(variantSelection);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        IReadOnlyList<IKernelBackend> backends;
        try
        {
            backends = BackendCatalog.Select(backendSelection, version);
        }
        catch (BackendUnavailableException e)
        {
            Console.Error.WriteLine(e.Message);
            return BackendUnavailableException.ExitCode;
        }
        var clock = Stopwatch.StartNew();
        var plans = quick ? CheckSweep.Quick() : CheckSweep.Full();
        if (keep is not null) plans = plans.Where(p => keep.Contains(p.Variant));
        var results = CheckRunner.Run(plans, backends).ToList();
        clock.Stop();
        PrintTable(results);
        foreach (var failure in results.Where(r => !r.Pass).Take(20))
            AnsiConsole.MarkupLineInterpolated(
                $"[red]FAIL[/] {failure.Variant} {CheckReport.Label(failure)} {failure.Dtype} {failure.Rows}×{failure.D} {failure.Inputs}: maxUlp {failure.MaxUlp} > bound {failure.Bound}");
        int failed = results.Count(r => !r.Pass);
        AnsiConsole.MarkupLineInterpolated($"{results.Count} cases on {string.Join(", ", backends.Select(CheckReport.Label))}, {failed} failed, {clock.Elapsed.TotalSeconds:F1} s.");
        Console.WriteLine(VectorWidthLine());
        if (jsonPath is not null) CheckReport.WriteJson(jsonPath, results);
        if (markdownPath is not null)
        {
            CheckReport.CreateDirectoryFor(markdownPath);
            NormLab.IO.AtomicOutput.WriteText(markdownPath, CheckReport.Markdown(results));
        }
        return failed == 0 ? 0 : 1;
    }

    /// <summary>The variants named in <paramref name="selection"/> (registry names, comma-separated); null keeps all.</summary>
    private static HashSet<NormVariant>? SelectVariants(string? selection) =>
        string.IsNullOrWhiteSpace(selection) ? null : [.. VariantRegistry.Select(selection, "check --variants").Select(e => e.Id)];

    /// <summary>
    /// Which widths the JIT accelerates in this process, i.e. which VectorLoop branch the SIMD kernels ran
    /// (DOTNET_EnableAVX512=0 / DOTNET_EnableAVX2=0 narrow it; tests parse this line).
    /// </summary>
    public static string VectorWidthLine() =>
        $"vector widths: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, " +
        $"Vector128 {Vector128.IsHardwareAccelerated}; SIMD kernels ran {MachineInfo.WidestSimdBits()}-bit";

    private static void PrintTable(IReadOnlyList<CheckResult> results)
    {
        var table = new Table().Title("normlab check: errors against the float64 references");
        foreach (string h in new[] { "variant", "backend", "dtype", "cases", "failed", "max abs err", "max rel err", "max ULP", "bound", "worst case" })
            table.AddColumn(h);
        foreach (var s in CheckReport.Summarize(results))
            table.AddRow(s.Variant, s.Backend, s.Dtype, s.Cases.ToString(), s.Failed == 0 ? "0" : $"[red]{s.Failed}[/]",
                CheckReport.Number(s.MaxAbsErr), CheckReport.Number(s.MaxRelErr), CheckReport.Number(s.MaxUlp), CheckReport.Number(s.Bound),
                Markup.Escape(s.WorstCase));
        AnsiConsole.Write(table);
    }
}
