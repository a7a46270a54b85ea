using NormLab.Models.Depth;
using Xunit;

namespace NormLab.Models.Tests;

/// <summary>
/// The synthetic study at init, on a smaller stack than run-all's (d 32, 8 tokens, depths 4..64,
/// 3 seeds): the qualitative findings README states, checked seed by seed.
/// </summary>
public class DepthStudyTests
{
    private static readonly DepthStudyOptions Small = new() { Dim = 32, Heads = 4, Tokens = 8, Depths = [4, 16, 64], Seeds = [1, 2, 3] };
    private static readonly Lazy<IReadOnlyList<DepthStudyRun>> Runs = new(() => DepthStudy.Run(Small));

    private static DepthStudyRun Run(DepthVariant v, int seed) => Runs.Value.Single(r => r.Variant == v && r.Seed == seed);

    private static double Growth(DepthStudyRun r) => r.Stats[64].Variance / r.Stats[4].Variance;

    [Theory]
    [InlineData(DepthVariant.PreLn)]
    [InlineData(DepthVariant.PeriLn)]
    [InlineData(DepthVariant.PreLnScaled)]
    public void A_shallow_stack_is_exactly_the_first_blocks_of_the_deep_one(DepthVariant variant)
    {
        var shallow = DepthStudy.RunOne(variant, 4, 2, Small);
        var deep = DepthStudy.RunOne(variant, 16, 2, Small);
        Assert.Equal(shallow.Stats, deep.Stats.Take(5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Pre_ln_variance_grows_with_depth_far_faster_than_with_layernorm_scaling(int seed)
    {
        double pre = Growth(Run(DepthVariant.PreLn, seed)), lns = Growth(Run(DepthVariant.PreLnScaled, seed));
        Assert.True(pre > 5, $"Pre-LN variance growth 4→64 {pre}");
        Assert.True(lns < 3, $"LNS variance growth 4→64 {lns}");
        Assert.True(pre > 2.5 * lns, $"Pre-LN {pre} vs LNS {lns}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void At_init_peri_ln_variance_also_grows_about_linearly_each_sublayer_adding_a_unit_variance_output(int seed)
    {
        // Not the trained-model picture of the Peri-LN paper: at init the output norm makes every
        // sublayer add an O(1) variance, so the stream variance grows ~2 per block.
        var peri = Run(DepthVariant.PeriLn, seed);
        Assert.True(Growth(peri) > 6, $"Peri-LN growth {Growth(peri)}");
        Assert.InRange(peri.Stats[64].Variance / 64, 0.5, 4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Angular_distance_of_a_block_falls_with_depth_and_is_smallest_with_layernorm_scaling(int seed)
    {
        foreach (var v in DepthVariants.All)
        {
            var r = Run(v, seed);
            Assert.True(Mean(r, 57, 64) < Mean(r, 1, 8) / 2, $"{v}: deep blocks {Mean(r, 57, 64)} vs first blocks {Mean(r, 1, 8)}");
        }
        Assert.True(Mean(Run(DepthVariant.PreLnScaled, seed), 1, 64) < Mean(Run(DepthVariant.PreLn, seed), 1, 64));
    }

    private static double Mean(DepthStudyRun r, int from, int to) =>
        r.Stats.Where(s => s.Layer >= from && s.Layer <= to).Average(s => s.AngularDistance!.Value);
}
