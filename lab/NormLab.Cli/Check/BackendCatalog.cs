using NormLab.Check;
using NormLab.Cuda.Check;
using NormLab.Cuda.Runtime;

namespace NormLab.Cli.Check;

/// <summary>
/// The kernel backends `normlab check` knows. A backend from another assembly (e.g. NormLab.Cuda's
/// "ilgpu-cpu" and "cuda") is registered by adding it to this list; the harness needs no change.
/// </summary>
public static class BackendCatalog
{
    public static IReadOnlyList<IKernelBackend> All() =>
    [
        CpuKernelBackend.Scalar,
        CpuKernelBackend.Simd,
    ];

    /// <summary>
    /// The ILGPU backends, built only when named (not in "all"): "ilgpu-cpu" simulates the GPU on the
    /// CPU (slow: use --quick), "cuda" needs a GPU and throws <see cref="NoCudaDeviceException"/> without one.
    /// </summary>
    private static readonly Dictionary<string, Func<GpuDevice>> OnRequest = new()
    {
        ["ilgpu-cpu"] = GpuDevice.CreateCpu,
        ["cuda"] = () => GpuDevice.TryCreateCuda(out string reason) ?? throw new NoCudaDeviceException(reason),
    };

    /// <summary>
    /// "all" or a comma-separated list of backend names; <paramref name="version"/> (v1, v2, v3, auto, all)
    /// picks the GPU backends' kernel versions, one backend per version over one device.
    /// </summary>
    public static IReadOnlyList<IKernelBackend> Select(string selection, string version = "auto")
    {
        var all = All();
        try
        {
            IlgpuKernelBackend.ParseVersions(version);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (selection.Equals("all", StringComparison.OrdinalIgnoreCase))
            return version.Equals("auto", StringComparison.OrdinalIgnoreCase) ? all
                : throw new UsageException($"--version {version} applies to the GPU backends: name them (--backend ilgpu-cpu or cuda).");
        var chosen = new List<IKernelBackend>();
        foreach (string name in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (all.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } cpu) chosen.Add(cpu);
            else if (OnRequest.TryGetValue(name.ToLowerInvariant(), out var create)) chosen.AddRange(IlgpuKernelBackend.Versions(create(), version));
            else
                throw new UsageException(
                    $"unknown backend '{name}'; known: {string.Join(", ", all.Select(b => b.Name).Concat(OnRequest.Keys))}, all.");
        }
        return chosen;
    }
}
