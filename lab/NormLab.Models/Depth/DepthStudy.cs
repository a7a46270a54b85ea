namespace NormLab.Models.Depth;

/// <summary>One variant and seed of the study: the per-layer statistics of its deepest stack.</summary>
public sealed record DepthStudyRun(DepthVariant Variant, int Seed, int Layers, IReadOnlyList<LayerDepthStats> Stats);

/// <summary>
/// The synthetic study at initialization: Pre-LN, Peri-LN and Pre-LN + LayerNorm Scaling, each seed
/// run once at the largest depth. A depth-L stack is exactly the first L blocks of the deepest one
/// (same tensor names, so the same seeded weights; no depth-dependent init; LNS's 1/sqrt(ℓ) depends on
/// ℓ, not L; the forward is causal in depth), so layer L of the deepest run IS the final layer of the
/// depth-L model — the tests check this identity instead of assuming it.
/// </summary>
public static class DepthStudy
{
    public static IReadOnlyList<DepthStudyRun> Run(DepthStudyOptions o, Action<DepthStudyRun>? progress = null)
    {
        if (o.Depths.Length == 0 || o.Seeds.Length == 0) throw new ArgumentException("the study needs at least one depth and one seed.", nameof(o));
        int deepest = o.Depths.Max();
        var runs = new List<DepthStudyRun>();
        foreach (var variant in DepthVariants.All)
            foreach (int seed in o.Seeds)
            {
                var run = RunOne(variant, deepest, seed, o);
                runs.Add(run);
                progress?.Invoke(run);
            }
        return runs;
    }

    public static DepthStudyRun RunOne(DepthVariant variant, int layers, int seed, DepthStudyOptions o)
    {
        var model = InitStack.Create(variant, layers, (ulong)seed, o);
        var stats = DepthProbe.Measure(model, DepthInputs.For(model.Config, o.Tokens, seed));
        return new DepthStudyRun(variant, seed, layers, stats);
    }
}
