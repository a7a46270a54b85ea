using NormLab.Models.Conversions;
using NormLab.Models.Description;
using NormLab.Models.Synthetic;

namespace NormLab.Bench.Models;

/// <summary>
/// The forms the end-to-end bench exports: the Pre-LN original and its conversions (SPEC points
/// 1–3, 6) — Pre-RMSNorm, Pre-CRMSNorm, and FlashNorm on the Pre-RMSNorm model.
/// </summary>
public static class ModelForms
{
    public const string PreLn = "Pre-LN";

    public static IReadOnlyList<(string Form, NeutralModel Model)> Of(NeutralModel preLn) =>
    [
        (PreLn, preLn),
        ("Pre-RMSNorm", Convert(preLn, "pre-rmsnorm")),
        ("Pre-CRMSNorm", Convert(preLn, "pre-crmsnorm")),
        ("FlashNorm", Convert(preLn, "flashnorm")),
    ];

    private static NeutralModel Convert(NeutralModel model, string target) =>
        ConversionPlan.Apply(model, ConversionPlan.To(target, model.Config));

    /// <summary>The two shapes timed: GPT-2 small and a larger 24-layer d 1024 model (seeded random weights).</summary>
    public static IReadOnlyList<NeutralModel> Shapes(int maxSeq) =>
    [
        SyntheticGpt.Create(new SyntheticGptOptions { MaxSeq = maxSeq }, "gpt2-small"),
        SyntheticGpt.Create(new SyntheticGptOptions { Layers = 24, Dim = 1024, Heads = 16, Hidden = 4096, MaxSeq = maxSeq }, "gpt-24x1024"),
    ];
}
