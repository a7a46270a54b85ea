using NormLab.Kernels;
using NormLab.Kernels.Loops;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>
/// Outputs of at least <see cref="StreamingStores.MinBytes"/> are written with non-temporal stores,
/// which the check's sweep (≤ 2^18 elements per case) never reaches. Only the store kind may differ:
/// the streamed call must equal, bit for bit, the same rows normalized one call at a time (small
/// calls, ordinary stores). An odd width misaligns most rows, so the alignment peel runs too.
/// </summary>
public class StreamingStoreTests
{
    [Fact]
    public void Streamed_output_equals_row_by_row_output()
    {
        const int d = 8193;
        int rows = (int)(StreamingStores.MinBytes / sizeof(float) / d) + 1;
        Assert.True(StreamingStores.Pay((long)rows * d * sizeof(float)));
        var rng = new Random(3);
        var x = new float[rows * d];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 4 - 2);
        var gain = Enumerable.Range(0, d).Select(j => 1 + j % 7 * 0.1f).ToArray();
        var bias = Enumerable.Range(0, d).Select(j => j % 5 * 0.01f).ToArray();
        var streamed = new float[x.Length];
        LayerNormKernel.Simd(x, d, gain, bias, 1e-5f, streamed);
        var row = new float[d];
        for (int r = 0; r < rows; r += 97)
        {
            LayerNormKernel.Simd(x.AsSpan(r * d, d), d, gain, bias, 1e-5f, row);
            Assert.True(row.AsSpan().SequenceEqual(streamed.AsSpan(r * d, d)), $"row {r}");
        }
    }
}
