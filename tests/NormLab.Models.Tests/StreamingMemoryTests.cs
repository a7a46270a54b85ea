using NormLab.Models.Conversions;
using NormLab.Models.Forward;
using NormLab.Models.Synthetic;
using Xunit;

namespace NormLab.Models.Tests;

/// <summary>
/// The forward streams: at each block boundary only that moment's activations are alive, whatever
/// the depth. Measured as live managed bytes after a full GC at every block end (deterministic, not
/// timing); a forward that kept its blocks' weights would grow by ~6 MB per block here. Runs alone
/// (no other test allocating in the process meanwhile).
/// </summary>
[Collection(nameof(StreamingMemoryTests))]
public class StreamingMemoryTests
{
    [Fact]
    public void Live_memory_during_a_converted_forward_does_not_grow_with_depth()
    {
        long shallow = PeakLiveBytes(4), deep = PeakLiveBytes(16);
        Assert.True(deep < shallow * 1.25 + (1 << 20), $"peak live bytes 4 layers {shallow:N0}, 16 layers {deep:N0}");
    }

    private static long PeakLiveBytes(int layers)
    {
        var model = SyntheticGpt.Create(new SyntheticGptOptions { Layers = layers, Dim = 256, Heads = 4, Hidden = 1024, Vocab = 512, MaxSeq = 16 });
        var flash = ConversionPlan.Apply(model, ConversionPlan.To("pre-crmsnorm", model.Config));
        var probe = new LiveBytesProbe();
        GC.Collect();
        ModelForward.Float64(flash).Run(ForwardInput.FromTokens([1, 2, 3, 4, 5, 6, 7, 8]), probe);
        return probe.Peak;
    }

    private sealed class LiveBytesProbe : ForwardObserver<double>
    {
        public long Peak;
        public override void OnBlock(int layer, ReadOnlySpan<double> before, ReadOnlySpan<double> after, int rows, int width) =>
            Peak = Math.Max(Peak, GC.GetTotalMemory(forceFullCollection: true));
    }
}

[CollectionDefinition(nameof(StreamingMemoryTests), DisableParallelization = true)]
public class StreamingMemoryCollection;
