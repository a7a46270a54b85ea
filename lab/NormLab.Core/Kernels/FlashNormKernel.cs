using NormLab.Kernels.Loops;
using NormLab.Kernels.Rows;
using NormLab.Reference;
using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>
/// FlashNorm: norm + linear with the gain folded into W* and the normalization deferred. Per row the
/// matmul runs on the un-normalized x (acc = x·W*); the row statistic (O(d), against O(d·n) for the
/// matmul) is the same accurate one the norms use; the epilogue applies it:
/// RMS: out = acc/rms + c*;  LN: out = (acc − μ·1ᵀW*)/σ + c*. Nothing normalized is ever written.
/// Equals <see cref="FlashNormReference.Forward"/> (norm, then linear) up to rounding.
/// </summary>
public static unsafe class FlashNormKernel
{
    public static void Scalar(ReadOnlySpan<float> x, int d, FlashNormWeights weights, float eps, Span<float> output) =>
        Run<ScalarMode>(x, d, weights, eps, output);

    public static void Simd(ReadOnlySpan<float> x, int d, FlashNormWeights weights, float eps, Span<float> output) =>
        Run<SimdMode>(x, d, weights, eps, output);

    private static void Run<TMode>(ReadOnlySpan<float> x, int d, FlashNormWeights weights, float eps, Span<float> output)
        where TMode : struct, ILoopMode
    {
        int rows = NormArguments.Rows(x.Length, d, nameof(x));
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.D != d) throw new ArgumentException($"weights were folded for d = {weights.D}, not d = {d}.", nameof(weights));
        NormArguments.Epsilon(eps);
        NormArguments.Required(output.Length, rows * weights.N, nameof(output));
        fixed (float* px = x, pw = weights.FoldedW, ps = weights.ColumnSums, pc = weights.FoldedBias, po = output)
        {
            if (weights.Kind == NormKind.LayerNorm)
                RowParallel.For(rows, (long)d * weights.N, new FlashRowJob<TMode, LayerNormStatistic>(px, d, pw, ps, pc, weights.N, eps, po, default));
            else
                RowParallel.For(rows, (long)d * weights.N, new FlashRowJob<TMode, RmsStatistic>(px, d, pw, ps, pc, weights.N, eps, po, new RmsStatistic(d)));
        }
    }
}

/// <summary>One FlashNorm row: statistic, acc = x·W* as d axpys over rows of W*, then the deferred epilogue.</summary>
public readonly unsafe struct FlashRowJob<TMode, TStat>(float* x, int d, float* w, float* columnSums, float* foldedBias, int n, float eps,
    float* output, TStat statistic) : IRowJob
    where TMode : struct, ILoopMode where TStat : struct, IRowStatistic
{
    public void Execute(int row)
    {
        var xr = new ReadOnlySpan<float>(x + (long)row * d, d);
        var acc = new Span<float>(output + (long)row * n, n);
        var stats = statistic.Compute<TMode, Float32Storage, float>(xr, eps);
        if (stats.NonFinite) { acc.Fill(float.NaN); return; }
        acc.Clear();
        for (int i = 0; i < d; i++)
        {
            var wi = new ReadOnlySpan<float>(w + (long)i * n, n);
            VectorLoop.Map<TMode, AxpyOp>(acc, wi, wi, acc, new AxpyOp(xr[i]));
        }
        var sums = new ReadOnlySpan<float>(columnSums, n);
        VectorLoop.Map<TMode, DeferredNormalizeOp>(acc, sums, new ReadOnlySpan<float>(foldedBias, n), acc,
            new DeferredNormalizeOp(stats.Shift, stats.Delta, stats.Scale));
    }
}
