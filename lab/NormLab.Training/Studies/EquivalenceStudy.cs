using System.Diagnostics;
using System.Numerics;
using NormLab.Training.Data;

namespace NormLab.Training.Studies;

public sealed record EquivalenceOptions(string Profile, GptConfig Model, TrainOptions Train, ulong Seed)
{
    public static EquivalenceOptions Named(string profile) => profile switch
    {
        "full" => new("full", new GptConfig(64, 4, 4, 64, NormForm.PreLN), new TrainOptions(8, 64, 1000, 3e-3), 1),
        _ => new("quick", new GptConfig(64, 2, 4, 32, NormForm.PreLN), new TrainOptions(4, 32, 200, 3e-3), 1),
    };
}

/// <summary>One form's trajectory against Pre-LN's: per step, |loss − loss_LN|/loss_LN and the parameter difference.</summary>
public sealed record EquivalenceTrace(string Form, string Label, double[] LossRelDiff, double[] ParamRelDiff, double MaxLossRelDiff,
    double FinalLossRelDiff, double MaxParamRelDiff, double FinalParamRelDiff);

public sealed record EquivalencePrecision(string Precision, double[] PreLnLoss, IReadOnlyList<EquivalenceTrace> Forms);

public sealed record EquivalenceDocument(StudyHeader Header, GptConfig Model, TrainOptions Train, string Method,
    IReadOnlyList<EquivalencePrecision> Precisions);

/// <summary>
/// Pre-LN against Pre-RMSNorm + P, Pre-CRMSNorm and Pre-RMSNorm without P, from one set of initial weights
/// (converted: the writers recentered once for the form without P) and the same batches, AdamW steps in
/// float64 and in float32. The parameter difference compares the canonical form T(θ) (every writer
/// recentered, the dead mean removed) of each model with Pre-LN's, max-abs relative to max |T(θ_LN)|.
/// </summary>
public static class EquivalenceStudy
{
    private static readonly NormForm[] Compared = [NormForm.PreRmsP, NormForm.PreCRms, NormForm.PreRms];

    public static EquivalenceDocument Run(EquivalenceOptions o, TextData data, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var reference = new Gpt<double>(o.Model);
        reference.Initialize(o.Seed);
        var precisions = new List<EquivalencePrecision> { RunIn<double>("float64", o, reference, data, log), RunIn<float>("float32", o, reference, data, log) };
        var f64 = precisions[0].Forms;
        var f32 = precisions[1].Forms;
        EquivalenceTrace F(IReadOnlyList<EquivalenceTrace> t, NormForm f) => t.First(x => x.Form == f.Key());
        string verdict =
            $"Reproduces: over {o.Train.Steps} AdamW steps in float64, Pre-RMSNorm + P and Pre-CRMSNorm follow Pre-LN to a max relative loss difference of " +
            $"{F(f64, NormForm.PreRmsP).MaxLossRelDiff:E1} and {F(f64, NormForm.PreCRms).MaxLossRelDiff:E1} (parameters {F(f64, NormForm.PreRmsP).MaxParamRelDiff:E1}, " +
            $"{F(f64, NormForm.PreCRms).MaxParamRelDiff:E1}), while Pre-RMSNorm without P parts to {F(f64, NormForm.PreRms).FinalLossRelDiff:E1} in loss and " +
            $"{F(f64, NormForm.PreRms).FinalParamRelDiff:E1} in parameters by the last step; in float32 the P forms stay at {F(f32, NormForm.PreRmsP).MaxLossRelDiff:E1} / " +
            $"{F(f32, NormForm.PreCRms).MaxLossRelDiff:E1} and the form without P at {F(f32, NormForm.PreRms).FinalLossRelDiff:E1}.";
        return new EquivalenceDocument(StudyHeader.Create("equivalence", o.Profile, verdict, data, clock.Elapsed.TotalSeconds), o.Model, o.Train,
            "same initial θ and batches; P forms keep θ and apply P (and CRMSNorm's folding) in every forward; the form without P starts from θ with its writers recentered once; parameter difference on T(θ)",
            precisions);
    }

    private static EquivalencePrecision RunIn<T>(string name, EquivalenceOptions o, Gpt<double> reference, TextData data, Action<string>? log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Trainer<T> Make(NormForm form)
        {
            var m = new Gpt<T>(o.Model with { Form = form });
            m.CopyFrom(reference);
            if (form == NormForm.PreRms) m.RecenterWriters();
            return new Trainer<T>(m, data, o.Train);
        }
        var ln = Make(NormForm.PreLN);
        var others = Compared.Select(Make).ToArray();
        int steps = o.Train.Steps;
        var lnLoss = new double[steps];
        var lossDiff = Compared.Select(_ => new double[steps]).ToArray();
        var paramDiff = Compared.Select(_ => new double[steps]).ToArray();
        for (int s = 0; s < steps; s++)
        {
            double l = ln.Step().Loss;
            lnLoss[s] = l;
            var canon = Canonical(ln.Model);
            double scale = canon.Max(Math.Abs);
            for (int f = 0; f < others.Length; f++)
            {
                lossDiff[f][s] = Math.Abs(others[f].Step().Loss - l) / l;
                var c = Canonical(others[f].Model);
                double worst = 0;
                for (int i = 0; i < c.Length; i++) worst = Math.Max(worst, Math.Abs(c[i] - canon[i]));
                paramDiff[f][s] = worst / scale;
            }
            if (log is not null && (s + 1) % 50 == 0)
                log($"equivalence {name} step {s + 1}/{steps}: loss {l:F4}; rel diff " + string.Join(", ", Compared.Select((f, i) => $"{f.Label()} {lossDiff[i][s]:E1}")));
        }
        var traces = Compared.Select((f, i) => new EquivalenceTrace(f.Key(), f.Label(), [.. lossDiff[i].Select(v => StudyJson.S(v))],
            [.. paramDiff[i].Select(v => StudyJson.S(v))], StudyJson.S(lossDiff[i].Max()), StudyJson.S(lossDiff[i][^1]),
            StudyJson.S(paramDiff[i].Max()), StudyJson.S(paramDiff[i][^1]))).ToList();
        return new EquivalencePrecision(name, [.. lnLoss.Select(v => StudyJson.R(v))], traces);
    }

    /// <summary>T(θ) in float64: every writer recentered (the component Pre-LN cannot see removed).</summary>
    private static double[] Canonical<T>(Gpt<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var copy = new Gpt<double>(model.Config with { Form = NormForm.PreLN });
        copy.CopyFrom(model);
        copy.RecenterWriters();
        return copy.Params;
    }
}
