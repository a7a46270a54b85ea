namespace NormLab.Bench.Workload;

/// <summary>
/// The tensors one benchmark shape works on: input x, a second input (the residual stream of the
/// fused variants), gain, bias and two outputs. Pinned, so ONNX Runtime reads and writes these very
/// arrays through IOBinding: our kernels and ORT see the same data. Filled once from a seed.
/// </summary>
public sealed class NormBuffers<T> where T : unmanaged
{
    public NormBuffers(int rows, int d, int seed, Func<float, T> convert)
    {
        Rows = rows;
        D = d;
        var random = new Random(seed);
        X = Filled(rows * d, () => convert(Normal(random)), random);
        Residual = Filled(rows * d, () => convert(Normal(random)), random);
        Gain = Filled(d, () => convert(1f + 0.1f * Normal(random)), random);
        Bias = Filled(d, () => convert(0.1f * Normal(random)), random);
        Y = GC.AllocateArray<T>(rows * d, pinned: true);
        Y2 = GC.AllocateArray<T>(rows * d, pinned: true);
    }

    public int Rows { get; }
    public int D { get; }
    public T[] X { get; }
    public T[] Residual { get; }
    public T[] Gain { get; }
    public T[] Bias { get; }
    public T[] Y { get; }
    /// <summary>Second output (the updated residual stream of the pre-norm fused add).</summary>
    public T[] Y2 { get; }

    private static T[] Filled(int n, Func<T> next, Random _)
    {
        var array = GC.AllocateUninitializedArray<T>(n, pinned: true);
        for (int i = 0; i < n; i++) array[i] = next();
        return array;
    }

    /// <summary>Box–Muller standard normal.</summary>
    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
