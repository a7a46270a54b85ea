using NormLab.Reference;
using NormLab.Validation;

namespace NormLab.Cuda.Kernels;

/// <summary>
/// One forward variant as the row kernels see it: the statistic (Kind), the row as stored (Width),
/// how many leading elements the statistic covers (StatCount), what the sum of squares is divided by
/// (Divisor), eps, the output scale (LayerNorm Scaling), and the residual mode. The factories check
/// arguments with the same guards as the references.
/// </summary>
public sealed record RowNormSpec(int Kind, int D, int Width, int StatCount, int Divisor, double Eps, double OutScale, int Mode)
{
    private const int Ln = RowNormArgs<float>.LayerNormKind, Rms = RowNormArgs<float>.RmsNormKind;

    public static RowNormSpec LayerNorm(int d, double eps) => Checked(Ln, d, d, d, d, eps, 1, RowNormArgs<float>.NoResidual);

    public static RowNormSpec RmsNorm(int d, double eps) => Checked(Rms, d, d, d, d, eps, 1, RowNormArgs<float>.NoResidual);

    /// <summary>pRMSNorm: the mean of squares over the first k = ceil(p·d) elements (the reference's k).</summary>
    public static RowNormSpec PartialRmsNorm(int d, double p, double eps)
    {
        NormArguments.Rows(d, d, "x");
        int k = RmsNormReference.PartialCount(p, d);
        return Checked(Rms, d, d, k, k, eps, 1, RowNormArgs<float>.NoResidual);
    }

    /// <summary>CRMSNorm: rows of d − 1 stored elements, statistic (Σx̂² + (Σx̂)²)/d.</summary>
    public static RowNormSpec CRmsNorm(int d, double eps)
    {
        NormArguments.CompressedRows(d - 1, d, "xHat");
        return Checked(RowNormArgs<float>.CRmsNormKind, d, d - 1, d - 1, d, eps, 1, RowNormArgs<float>.NoResidual);
    }

    public static RowNormSpec LayerNormScaling(int d, double eps, int layer) =>
        Checked(Ln, d, d, d, d, eps, LayerNormScalingReference.Scale(layer), RowNormArgs<float>.NoResidual);

    /// <summary>Peri-LN output side: h = x + Norm(y); the kernel's X is y, its residual is x.</summary>
    public static RowNormSpec PeriOutput(NormKind kind, int d, double eps) =>
        Checked(KindOf(kind), d, d, d, d, eps, 1, RowNormArgs<float>.PeriOutputResidual);

    /// <summary>Pre-norm step: h = x + y (written), out = Norm(h).</summary>
    public static RowNormSpec PreNormAdd(NormKind kind, int d, double eps) =>
        Checked(KindOf(kind), d, d, d, d, eps, 1, RowNormArgs<float>.PreNormResidual);

    public static int KindOf(NormKind kind) => kind == NormKind.LayerNorm ? Ln : Rms;

    public bool HasResidual => Mode != RowNormArgs<float>.NoResidual;

    private static RowNormSpec Checked(int kind, int d, int width, int statCount, int divisor, double eps, double outScale, int mode)
    {
        NormArguments.Rows(d, d, "x");
        NormArguments.Epsilon(eps);
        return new RowNormSpec(kind, d, width, statCount, divisor, eps, outScale, mode);
    }
}
