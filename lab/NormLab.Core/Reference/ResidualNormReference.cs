using NormLab.Validation;

namespace NormLab.Reference;

/// <summary>The two residual fusions, in float64.</summary>
public static class ResidualNormReference
{
    /// <summary>Peri-LN's output side: h = x + Norm(y), y being the sublayer's output.</summary>
    public static void PeriOutput(NormKind kind, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int d,
        ReadOnlySpan<double> gain, ReadOnlySpan<double> bias, double eps, Span<double> h)
    {
        NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Required(y.Length, x.Length, nameof(y));
        NormArguments.Required(h.Length, x.Length, nameof(h));
        Normalize(kind, y, d, gain, bias, eps, h);
        for (int i = 0; i < h.Length; i++) h[i] += x[i];
    }

    /// <summary>Pre-norm residual step: h = x + y (the new stream), out = Norm(h) (the next sublayer's input).</summary>
    public static void PreNormAdd(NormKind kind, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int d,
        ReadOnlySpan<double> gain, ReadOnlySpan<double> bias, double eps, Span<double> h, Span<double> output)
    {
        NormArguments.Rows(x.Length, d, nameof(x));
        NormArguments.Required(y.Length, x.Length, nameof(y));
        NormArguments.Required(h.Length, x.Length, nameof(h));
        NormArguments.Required(output.Length, x.Length, nameof(output));
        for (int i = 0; i < h.Length; i++) h[i] = x[i] + y[i];
        Normalize(kind, h, d, gain, bias, eps, output);
    }

    public static void Normalize(NormKind kind, ReadOnlySpan<double> x, int d, ReadOnlySpan<double> gain,
        ReadOnlySpan<double> bias, double eps, Span<double> y)
    {
        if (kind == NormKind.LayerNorm) LayerNormReference.Forward(x, d, gain, bias, eps, y);
        else RmsNormReference.Forward(x, d, gain, bias, eps, y);
    }
}
