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
            (x, y, d, g, b, e, o, h) => PreNormAdd(NormKind.LayerNorm, x, y, d, g, b, e, h, o)),
        new("prenorm-add-rms", false, d => RowNormSpec.PreNormAdd(NormKind.RmsNorm, d, 1e-5),
            (x, y, d, g, b, e, o, h) => PreNormAdd(NormKind.RmsNorm, x, y, d, g, b, e, h, o)),
    ];

    /// <summary>
    /// The pre-norm step's truth for a kernel that stores h in float32: h = x + y exactly, and
    /// out = Norm(fl32(x + y)) — the norm of the h the kernel returns, not of the unrounded sum (at mean
    /// 1e4 the rounding of h alone moves out by ~1e-4, far above float32 noise of the norm itself).
    /// </summary>
    private static void PreNormAdd(NormKind kind, double[] x, double[] y, int d, double[] g, double[] b, double e,
        double[] h, double[] output)
    {
        ResidualNormReference.PreNormAdd(kind, x, y, d, g, b, e, h, output);
        var h32 = Array.ConvertAll(h, v => (double)(float)v);
        ResidualNormReference.Normalize(kind, h32, d, g, b, e, output);
    }

    public static IEnumerable<string> Names => All.Select(v => v.Name);

    public static ForwardVariant Get(string name) => All.Single(v => v.Name == name);
}
