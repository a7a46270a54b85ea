namespace NormLab.Bench.Kernels;

/// <summary>
/// The kernels each backend offers the bench, by backend name (`normlab bench --backend NAME`).
/// A backend registers here with one line.
/// </summary>
public static class KernelSources
{
    private static readonly Dictionary<string, Func<IReadOnlyList<KernelUnderTest>>> Sources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cpu"] = CpuKernelCatalog.All,
    };

    public static IReadOnlyCollection<string> Backends => Sources.Keys;

    public static IReadOnlyList<KernelUnderTest> For(string backend) =>
        Sources.TryGetValue(backend, out var source)
            ? source()
            : throw new UsageException($"unknown backend '{backend}'; known: {string.Join(", ", Sources.Keys)}.");
}
