using NormLab.Check;
using NormLab.Cuda.Check;

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
    private static readonly Dictionary<string, Func<IKernelBackend>> OnRequest = new()
    {
        ["ilgpu-cpu"] = IlgpuKernelBackend.CreateCpu,
        ["cuda"] = IlgpuKernelBackend.CreateCuda,
    };

    /// <summary>"all" or a comma-separated list of backend names.</summary>
    public static IReadOnlyList<IKernelBackend> Select(string selection)
    {
        var all = All();
        if (selection.Equals("all", StringComparison.OrdinalIgnoreCase)) return all;
        var chosen = new List<IKernelBackend>();
        foreach (string name in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            chosen.Add(all.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? (OnRequest.TryGetValue(name.ToLowerInvariant(), out var create) ? create() : null)
                ?? throw new UsageException(
                    $"unknown backend '{name}'; known: {string.Join(", ", all.Select(b => b.Name).Concat(OnRequest.Keys))}, all."));
        return chosen;
    }
}
