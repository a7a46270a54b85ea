using NormLab.Cuda.Kernels;
using NormLab.Reference;

namespace NormLab.Cuda.Tests;

/// <summary>Each forward variant: its kernel spec and its float64 reference, called the same way
/// (x, residual, d, gain, bias, eps → output and, for the pre-norm step, the sum h).</summary>
public sealed record ForwardVariant(
    string Name,
    bool Compressed,
    Func<int, RowNormSpec> Spec,
    ForwardVariant.ReferenceFn Reference)
{
    public delegate void ReferenceFn(double[] x, double[] residual, int d, double[] gain, double[] bias, double eps,
        double[] output, double[] sum);
}

public static class ForwardVariants
{
    public static readonly ForwardVariant[] All =
    [
        new("layernorm", false, d => RowNormSpec.LayerNorm(d, 1e-5),
            (x, _, d, g, b, e, y, _) => LayerNormReference.Forward(x, d, g, b, e, y)),
        new("rmsnorm", false, d => RowNormSpec.RmsNorm(d, 1e-5),
            (x, _, d, g, b, e, y, _) => RmsNormReference.Forward(x, d, g, b, e, y)),
        new("prmsnorm", false, d => RowNormSpec.PartialRmsNorm(d, 0.25, 1e-5),
            (x, _, d, g, b, e, y, _) => RmsNormReference.PartialForward(x, d, 0.25, g, b, e, y)),
        new("crmsnorm", true, d => RowNormSpec.CRmsNorm(d, 1e-5),
            (x, _, d, g, b, e, y, _) => CRmsNormReference.Forward(x, d, g, b, e, y)),
        new("layernorm-scaling", false, d => RowNormSpec.LayerNormScaling(d, 1e-5, 4),
            (x, _, d, g, b, e, y, _) => LayerNormScalingReference.Forward(x, d, g, b, e, 4, y)),
        new("peri-ln", false, d => RowNormSpec.PeriOutput(NormKind.LayerNorm, d, 1e-5),
            (y, x, d, g, b, e, h, _) => ResidualNormReference.PeriOutput(NormKind.LayerNorm, x, y, d, g, b, e, h)),
        new("peri-rms", false, d => RowNormSpec.PeriOutput(NormKind.RmsNorm, d, 1e-5),
            (y, x, d, g, b, e, h, _) => ResidualNormReference.PeriOutput(NormKind.RmsNorm, x, y, d, g, b, e, h)),
        new("prenorm-add-ln", false, d => RowNormSpec.PreNormAdd(NormKind.LayerNorm, d, 1e-5),
            (x, y, d, g, b, e, o, h) => ResidualNormReference.PreNormAdd(NormKind.LayerNorm, x, y, d, g, b, e, h, o)),
        new("prenorm-add-rms", false, d => RowNormSpec.PreNormAdd(NormKind.RmsNorm, d, 1e-5),
            (x, y, d, g, b, e, o, h) => ResidualNormReference.PreNormAdd(NormKind.RmsNorm, x, y, d, g, b, e, h, o)),
    ];

    public static IEnumerable<string> Names => All.Select(v => v.Name);

    public static ForwardVariant Get(string name) => All.Single(v => v.Name == name);
}
