using NormLab.Models.Description;
using NormLab.Models.Synthetic;

namespace NormLab.Models.Conversions;

/// <summary>
/// The forms the end-to-end bench exports: the Pre-LN original and its conversions (SPEC points
/// 1–3, 6) — Pre-RMSNorm, Pre-CRMSNorm, and FlashNorm on the Pre-RMSNorm model.
/// </summary>
public static class ModelForms
{
    public const string PreLn = "Pre-LN";

    /// <summary>The original and each form that applies to it (an RMSNorm model has no Pre-CRMSNorm: its stream is not zero-mean).</summary>
    public static IReadOnlyList<(string Form, NeutralModel Model)> Of(NeutralModel preLn) =>
    [
        (PreLn, preLn),
        .. Targets.Where(t => Applies(preLn, t.Target)).Select(t => (t.Form, ConversionPlan.Apply(preLn, ConversionPlan.To(t.Target, preLn.Config)))),
    ];

    private static readonly (string Form, string Target)[] Targets =
        [("Pre-RMSNorm", "pre-rmsnorm"), ("Pre-CRMSNorm", "pre-crmsnorm"), ("FlashNorm", "flashnorm")];

    private static bool Applies(NeutralModel model, string target)
    {
        try
        {
            ConversionPlan.To(target, model.Config);
            return true;
        }
        catch (UsageException)
        {
            return false;
        }
    }

    /// <summary>The two shapes timed: GPT-2 small and a larger 24-layer d 1024 model (seeded random weights).</summary>
    public static IReadOnlyList<NeutralModel> Shapes(int maxSeq) =>
    [
        SyntheticGpt.Create(new SyntheticGptOptions { MaxSeq = maxSeq }, "gpt2-small"),
        SyntheticGpt.Create(new SyntheticGptOptions { Layers = 24, Dim = 1024, Heads = 16, Hidden = 4096, MaxSeq = maxSeq }, "gpt-24x1024"),
    ];
}
