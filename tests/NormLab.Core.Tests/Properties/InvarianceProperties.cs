using CsCheck;
using NormLab.Kernels;
using NormLab.Reference;
using Xunit;

namespace NormLab.Core.Tests.Properties;

/// <summary>The algebraic identities of SPEC.md, as CsCheck properties on the SIMD kernels (float32, so within float32 tolerances).</summary>
public class InvarianceProperties
{
    private const float Eps = 1e-6f;
    private static readonly Gen<float[]> Rows = Gen.Float[-8f, 8f].Array[2, 300];

    private static float[] Rms(float[] x, float eps = Eps) { var y = new float[x.Length]; RmsNormKernel.Simd(x, x.Length, [], [], eps, y); return y; }
    private static float[] Ln(float[] x) { var y = new float[x.Length]; LayerNormKernel.Simd(x, x.Length, [], [], Eps, y); return y; }

    private static void Close(float[] a, float[] b, double tol)
    {
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= tol, $"[{i}] {a[i]} vs {b[i]}");
    }

    private static bool Spread(float[] x) => x.Max() - x.Min() > 0.5f;

    [Fact]
    public void RmsNorm_is_scale_invariant() =>
        Gen.Select(Rows, Gen.Float[0.01f, 100f]).Where(t => Spread(t.Item1)).Sample(t =>
        {
            var (x, alpha) = t;
            // eps aside: with eps → float.Epsilon·, both sides see mean(x²) ≫ eps.
            Close(Rms(Array.ConvertAll(x, v => alpha * v), 1e-30f), Rms(x, 1e-30f), 2e-5);
        }, iter: 200);

    [Fact]
    public void LayerNorm_ignores_a_shift() =>
        Gen.Select(Rows, Gen.Float[-100f, 100f]).Where(t => Spread(t.Item1)).Sample(t =>
        {
            var (x, c) = t;
            Close(Ln(Array.ConvertAll(x, v => v + c)), Ln(x), 1e-4);
        }, iter: 200);

    [Fact]
    public void LayerNorm_is_RmsNorm_of_the_centered_row() =>
        Rows.Where(Spread).Sample(x =>
        {
            float mean = (float)x.Average(v => (double)v);
            Close(Ln(x), Rms(Array.ConvertAll(x, v => v - mean)), 2e-5);
        }, iter: 200);

    [Fact]
    public void CRmsNorm_of_the_first_d_minus_1_is_RmsNorm_of_the_zero_mean_row() =>
        Rows.Where(Spread).Sample(raw =>
        {
            int d = raw.Length;
            double mean = raw.Average(v => (double)v);
            var x = Array.ConvertAll(raw, v => (float)(v - mean));
            var full = Rms(x);
            var compressed = new float[d - 1];
            CRmsNormKernel.Simd(x.AsSpan(0, d - 1), d, [], [], Eps, compressed);
            Close(compressed, full[..(d - 1)], 2e-5);
        }, iter: 200);

    [Fact]
    public void PRmsNorm_with_p_1_is_RmsNorm() =>
        Rows.Sample(x =>
        {
            var p = new float[x.Length];
            PRmsNormKernel.Simd(x, x.Length, 1.0, [], [], Eps, p);
            Assert.Equal(Rms(x), p);
        }, iter: 100);

    [Fact]
    public void FlashNorm_deferred_equals_norm_then_linear() =>
        Gen.Select(Gen.Int[1, 70], Gen.Int[1, 40], Gen.Int[1, 5], Gen.Int[0, 1], Gen.Int[0, 10000]).Sample(t =>
        {
            var (d, n, rows, kindIndex, seed) = t;
            var kind = (NormKind)kindIndex;
            var rng = new Random(seed);
            float[] R(int len, double scale) => Enumerable.Range(0, len).Select(_ => (float)(scale * (rng.NextDouble() * 2 - 1))).ToArray();
            float[] x = R(rows * d, 3), g = R(d, 1), b = R(d, 1), w = R(d * n, 1), c = R(n, 1);
            var normed = new float[x.Length];
            if (kind == NormKind.LayerNorm) LayerNormKernel.Simd(x, d, g, b, Eps, normed); else RmsNormKernel.Simd(x, d, g, b, Eps, normed);
            var expected = new double[rows * n];
            FlashNormReference.Linear(Array.ConvertAll(normed, v => (double)v), d, Array.ConvertAll(w, v => (double)v), n,
                Array.ConvertAll(c, v => (double)v), expected);
            var deferred = new float[rows * n];
            FlashNormKernel.Simd(x, d, FlashNormWeights.Fold(kind, g, b, w, d, n, c), Eps, deferred);
            for (int i = 0; i < deferred.Length; i++)
                Assert.True(Math.Abs(deferred[i] - expected[i]) <= 2e-4 * (1 + Math.Sqrt(d)), $"[{i}] {deferred[i]} vs {expected[i]}");
        }, iter: 100);
}
