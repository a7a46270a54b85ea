using NormLab.Kernels.Rows;
using Xunit;

namespace NormLab.Core.Tests.Kernels;

/// <summary>
/// <see cref="RowParallel"/>: every item runs exactly once whether the call stays inline or spreads over
/// helpers, a job's exception reaches the caller, and calls made from inside a saturated thread pool
/// finish (the caller takes the chunks no helper has claimed instead of waiting for helpers to start).
/// </summary>
public class RowParallelTests
{
    private readonly struct CountingJob(int[] counts) : IRowJob
    {
        public void Execute(int item) => Interlocked.Increment(ref counts[item]);
    }

    private readonly struct FailingJob(int failAt) : IRowJob
    {
        public void Execute(int item)
        {
            if (item == failAt) throw new InvalidOperationException($"item {item}");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 100)]          // inline: below the threshold
    [InlineData(2, 1 << 20)]      // parallel with fewer items than chunks
    [InlineData(7, 1 << 14)]
    [InlineData(4099, 1024)]
    public void Every_item_runs_exactly_once(int items, long elementsPerItem)
    {
        var counts = new int[items];
        RowParallel.For(items, elementsPerItem, new CountingJob(counts));
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void A_failing_item_surfaces_on_the_caller()
    {
        var e = Assert.ThrowsAny<Exception>(() => RowParallel.For(64, 1 << 12, new FailingJob(63)));
        Assert.Contains("item 63", e is AggregateException a ? a.InnerExceptions[0].Message : e.Message);
    }

    [Fact]
    public async Task Calls_from_a_saturated_pool_complete()
    {
        int callers = Environment.ProcessorCount * 16;
        var counts = new int[callers][];
        var tasks = Enumerable.Range(0, callers).Select(c => Task.Run(() =>
        {
            counts[c] = new int[256];
            RowParallel.For(256, 1 << 10, new CountingJob(counts[c]));
        })).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60)); // a TimeoutException fails the test
        Assert.All(counts, row => Assert.All(row, c => Assert.Equal(1, c)));
    }
}
