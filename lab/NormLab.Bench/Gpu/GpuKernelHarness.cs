using NormLab.Results;
using NormLab.Errors;
using NormLab.Check;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Bench.Gpu;

/// <summary>
/// The GPU kernel bench in llm.c's shape: for each row-norm entry of the registry × dtype × shape,
/// build the check harness's case and float64 reference once, then run every kernel version and the
/// chooser's pick on it, judge each launch with the check's own metric and bound, and time only the
/// versions that pass (against the device copy and PyTorch). The reference is computed on a tile of
/// <see cref="TileRows"/> distinct rows; the timed input repeats that tile, and the timed launch's own
/// output is judged on its first, middle and last tiles (rows are independent, so each tile must
/// reproduce the tile's reference exactly as a check case would).
/// </summary>
public sealed class GpuKernelHarness(IGpuKernelRunner runner, TorchTimings torch)
{
    public const int TileRows = 256;

    /// <summary>The entries the GPU bench times: the row norms (FlashNorm is a GEMM; backward is not a bench row).</summary>
    public static IEnumerable<VariantEntry> Entries => VariantRegistry.All.Where(e => e.Role == VariantRole.RowNorm);

    public IEnumerable<GpuBenchRow> Run(IReadOnlyList<Dtype> dtypes, IReadOnlyList<int> rowCounts, IReadOnlyList<int> widths,
        Func<VariantEntry, bool>? keep = null)
    {
        foreach (var dtype in dtypes)
            foreach (int rows in rowCounts)
                foreach (int d in widths)
                {
                    double copyGbps = runner.CopyGbps((long)rows * d * dtype.Bytes());
                    foreach (var entry in Entries.Where(e => keep?.Invoke(e) ?? true))
                    {
                        if (d < entry.MinD) continue;
                        var versions = runner.Versions(entry, dtype, entry.Width(d));
                        if (versions.Count == 0) continue;
                        var tile = CaseFactory.Create(entry.Id, dtype, Math.Min(rows, TileRows), d, InputFamily.StandardNormal,
                            new CasePlan(entry.Id, dtype, rows, d, InputFamily.StandardNormal).Seed);
                        var judge = new TileJudge(tile);
                        var full = Tiled(tile, rows);
                        foreach (string version in versions) yield return Measure(entry, full, judge, version, copyGbps);
                    }
                }
    }

    private GpuBenchRow Measure(VariantEntry entry, CheckCase full, TileJudge judge, string version, double copyGbps)
    {
        using var kernel = runner.Prepare(full, version);
        kernel.LaunchAndWait();
        double maxUlp = judge.MaxUlp(kernel.Outputs());
        bool pass = maxUlp <= judge.Bound;
        string dtype = full.DType.Name();
        string? pick = version == IlgpuKernelRunner.Auto ? kernel.Version : null;
        if (!pass)
            return new GpuBenchRow(entry.Name, dtype, full.Rows, full.D, version, pick, false, maxUlp, judge.Bound,
                null, null, null, null, copyGbps, null, null, null, null, null);
        var (ms, min, max) = kernel.Time();
        double gbps = kernel.BytesMoved / (ms * 1e6);
        double? eager = torch.Ms(entry.Name, dtype, full.Rows, full.D, "eager"), compiled = torch.Ms(entry.Name, dtype, full.Rows, full.D, "compile");
        return new GpuBenchRow(entry.Name, dtype, full.Rows, full.D, version, pick, true, maxUlp, judge.Bound, ms, min, max, gbps, copyGbps,
            gbps / copyGbps, eager, eager / ms, compiled, compiled / ms);
    }

    /// <summary>The case with its row tensors repeated to <paramref name="rows"/> rows (parameters shared).</summary>
    private static CheckCase Tiled(CheckCase tile, int rows) => tile.Rows == rows ? tile : new CheckCase
    {
        Variant = tile.Variant, DType = tile.DType, Inputs = tile.Inputs, Rows = rows, D = tile.D,
        X = Repeat(tile.X, rows * tile.Width), Residual = tile.Residual.Length == 0 ? [] : Repeat(tile.Residual, rows * tile.D),
        Gain = tile.Gain, Bias = tile.Bias, Eps = tile.Eps, P = tile.P, Layer = tile.Layer,
    };

    private static float[] Repeat(float[] tile, int length)
    {
        var result = GC.AllocateUninitializedArray<float>(length);
        for (int at = 0; at < length; at += tile.Length) tile.AsSpan(0, Math.Min(tile.Length, length - at)).CopyTo(result.AsSpan(at));
        return result;
    }

    /// <summary>The check harness's metric and bound for a tile, applied to tiles of a longer output.</summary>
    private sealed class TileJudge
    {
        private readonly CheckCase _tile;
        private readonly double[][] _reference, _scales;
        private readonly int[] _widths;

        public TileJudge(CheckCase tile)
        {
            _tile = tile;
            _reference = ReferenceRunner.Run(tile);
            _scales = ReferenceRunner.RowScales(tile, _reference);
            _widths = ReferenceRunner.RowWidths(tile);
            Bound = ErrorBounds.For(tile);
        }

        public double Bound { get; }

        public double MaxUlp(float[][] outputs)
        {
            if (outputs.Length != _reference.Length)
                throw new InvalidOperationException($"{_tile.Entry.Name}: the kernel returned {outputs.Length} outputs, the reference {_reference.Length}.");
            var worst = ErrorMetrics.Zero;
            for (int k = 0; k < outputs.Length; k++)
            {
                int tileLength = _reference[k].Length, tiles = outputs[k].Length / tileLength;
                foreach (int t in new[] { 0, tiles / 2, tiles - 1 }.Distinct())
                    worst = worst.Max(ErrorMetrics.Compare(outputs[k].AsSpan(t * tileLength, tileLength), _reference[k], _widths[k], _scales[k], _tile.DType));
            }
            return worst.MaxUlp;
        }
    }
}
