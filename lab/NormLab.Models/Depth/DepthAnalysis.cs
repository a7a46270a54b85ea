using NormLab.Results;

namespace NormLab.Models.Depth;

/// <summary>What `normlab depth` computes: the per-layer rows of each model and, optionally, the study.</summary>
public static class DepthAnalysis
{
    /// <summary>The per-layer rows of one model on its own input, else on <paramref name="tokens"/> seeded inputs.</summary>
    public static IReadOnlyList<DepthRow> OfModel(DepthTarget target, int tokens, int seed, bool float64 = false)
    {
        var model = target.Model;
        var input = target.Input ?? DepthInputs.For(model.Config, Math.Min(tokens, model.Config.MaxSeq), seed);
        var stats = DepthProbe.Measure(model, input, float64);
        return DepthResults.Rows(DepthRow.ModelSource, model.Name, DepthVariants.Label(model.Config), float64 ? "float64" : "float32",
            seed, model.Config.Layers, stats).ToArray();
    }

    /// <summary>The study's document part: its set-up, per-depth summary and per-layer rows.</summary>
    public static (DepthStudySetup Setup, IReadOnlyList<DepthSummaryRow> Summary, IReadOnlyList<DepthRow> Rows) Study(
        DepthStudyOptions o, Action<DepthStudyRun>? progress = null)
    {
        var runs = DepthStudy.Run(o, progress);
        var rows = runs.SelectMany(r => DepthResults.Rows(DepthRow.StudySource, $"init-d{o.Dim}", r.Variant.Label(), "float32", r.Seed, r.Layers, r.Stats)).ToArray();
        return (DepthResults.Setup(o), DepthResults.Summary(runs, o.Depths), rows);
    }
}
