using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Check;

/// <summary>The input families of the sweep.</summary>
public enum InputFamily
{
    StandardNormal,
    MeanOffset,
    Tiny,
    Huge,
    Zeros,
    NonFinite,
}

/// <summary>The names used in tables and JSON.</summary>
public static class CheckNames
{
    public static string Of(NormVariant v) => VariantRegistry.Of(v).Name;

    public static string Of(Dtype t) => t.Name();

    public static string Of(InputFamily f) => f switch
    {
        InputFamily.StandardNormal => "normal",
        InputFamily.MeanOffset => "mean1e4",
        InputFamily.Tiny => "mag1e-30",
        InputFamily.Huge => "mag1e30",
        InputFamily.Zeros => "zeros",
        InputFamily.NonFinite => "nan-inf",
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, null),
    };
}
