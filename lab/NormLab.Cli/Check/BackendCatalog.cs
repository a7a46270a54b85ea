using NormLab.Check;

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

    /// <summary>"all" or a comma-separated list of backend names.</summary>
    public static IReadOnlyList<IKernelBackend> Select(string selection)
    {
        var all = All();
        if (selection.Equals("all", StringComparison.OrdinalIgnoreCase)) return all;
        var chosen = new List<IKernelBackend>();
        foreach (string name in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            chosen.Add(all.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"unknown backend '{name}'; known: {string.Join(", ", all.Select(b => b.Name))}, all.", "--backend"));
        return chosen;
    }
}
