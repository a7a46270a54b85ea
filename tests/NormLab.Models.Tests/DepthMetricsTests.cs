using NormLab.Models.Depth;
using NormLab.Models.Forward;
using Xunit;

namespace NormLab.Models.Tests;

public class DepthMetricsTests
{
    [Fact]
    public void Angular_distance_is_0_for_identical_and_positively_scaled_states()
    {
        double[] a = [0.3, -1.2, 2.5, 0.7, -0.1, 4.0];
        Assert.Equal(0, StreamMetrics.AngularDistance(a, a, 2, 3), 1e-7);
        Assert.Equal(0, StreamMetrics.AngularDistance(a, a.Select(v => 3.5 * v).ToArray(), 2, 3), 1e-7);
    }

    [Fact]
    public void Angular_distance_is_1_for_opposite_and_one_half_for_orthogonal_states()
    {
        double[] a = [1, 2, -3, 0.5];
        Assert.Equal(1, StreamMetrics.AngularDistance(a, a.Select(v => -2 * v).ToArray(), 1, 4), 1e-7);
        Assert.Equal(0.5, StreamMetrics.AngularDistance([1, 0, 0, 1], [0, 1, 1, 0], 1, 4), 1e-12);
    }

    [Fact]
    public void Angular_distance_averages_over_tokens()
    {
        // token 1 unchanged (0), token 2 reversed (1): mean 0.5
        Assert.Equal(0.5, StreamMetrics.AngularDistance([1, 2, 3, 4], [1, 2, -3, -4], 2, 2), 1e-7);
    }

    [Fact]
    public void Variance_is_the_per_token_biased_variance_averaged_over_tokens()
    {
        // row [1,2,3,4]: mean 2.5, variance (2.25+0.25+0.25+2.25)/4 = 1.25; row [2,2,2,2]: 0
        Assert.Equal(0.625, StreamMetrics.Variance([1, 2, 3, 4, 2, 2, 2, 2], 2, 4), 1e-15);
        Assert.Equal(Math.Sqrt(12.5), StreamMetrics.Rms([3, 4]), 1e-15);
    }

    [Fact]
    public void Massive_activation_ratio_finds_a_planted_spike()
    {
        var x = Enumerable.Range(0, 101).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        x[57] = -1000;
        Assert.Equal(1000, StreamMetrics.MaxAbs(x));
        Assert.Equal(1, StreamMetrics.MedianAbs(x));
        Assert.Equal(1000, StreamMetrics.MaxToMedian(x));
    }

    [Fact]
    public void Metrics_reject_a_stream_that_is_not_rows_by_width()
    {
        Assert.Throws<ArgumentException>(() => StreamMetrics.Variance([1, 2, 3], 2, 2));
        Assert.Throws<ArgumentException>(() => StreamMetrics.AngularDistance([1, 2, 3, 4], [1, 2], 2, 2));
        Assert.Throws<ArgumentException>(() => StreamMetrics.MaxAbs([]));
    }

    [Fact]
    public void Observer_reports_the_entry_and_every_block_with_the_metrics_of_the_stream_it_was_shown()
    {
        var model = TestModels.SmallGpt(layers: 3);
        var input = ForwardInput.FromTokens(TestModels.SmallTokens);
        var depth = new DepthObserver<double>();
        var recorder = new AfterRecorder();
        ModelForward.Float64(model).Run(input, depth);
        ModelForward.Float64(model).Run(input, recorder);
        Assert.Equal([0, 1, 2, 3], depth.Layers.Select(l => l.Layer));
        Assert.Null(depth.Layers[0].AngularDistance);
        int rows = TestModels.SmallTokens.Length, width = model.Config.Dim;
        for (int l = 1; l <= 3; l++)
        {
            var (before, after) = recorder.Blocks[l - 1];
            Assert.Equal(StreamMetrics.Variance(after, rows, width), depth.Layers[l].Variance);
            Assert.Equal(StreamMetrics.AngularDistance(before, after, rows, width), depth.Layers[l].AngularDistance);
            Assert.InRange(depth.Layers[l].AngularDistance!.Value, 1e-6, 1);
        }
    }

    private sealed class AfterRecorder : ForwardObserver<double>
    {
        public readonly List<(double[] Before, double[] After)> Blocks = [];

        public override void OnBlock(int layer, ReadOnlySpan<double> before, ReadOnlySpan<double> after, int rows, int width) =>
            Blocks.Add((before.ToArray(), after.ToArray()));
    }
}
