namespace NormLab.Bench.Kernels;

/// <summary>The shape grid of the kernel benchmark: rows × d.</summary>
public static class KernelShapes
{
    public static IReadOnlyList<int> Rows { get; } = [1, 64, 4096];
    public static IReadOnlyList<int> Widths { get; } = [768, 1024, 4096, 8192];

    public static IEnumerable<(int Rows, int D)> Grid(IReadOnlyList<int> rows, IReadOnlyList<int> widths) =>
        from r in rows from d in widths select (r, d);
}
