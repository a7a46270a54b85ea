namespace NormLab.Kernels;

/// <summary>Storage type of a kernel's tensors, CPU and GPU alike; accumulation is always float32.</summary>
public enum Dtype
{
    Float32,
    Float16,
    BFloat16,
}

/// <summary>The one place a dtype's names and format facts live.</summary>
public static class DtypeNames
{
    /// <summary>The one spelling, in every table, JSON row and command-line option: "float32", "float16", "bfloat16".</summary>
    public static string Name(this Dtype dtype) => dtype switch
    {
        Dtype.Float32 => "float32",
        Dtype.Float16 => "float16",
        Dtype.BFloat16 => "bfloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static int Bytes(this Dtype dtype) => dtype == Dtype.Float32 ? 4 : 2;

    /// <summary>Stored mantissa bits: 23, 10, 7.</summary>
    public static int MantissaBits(this Dtype dtype) => dtype switch
    {
        Dtype.Float32 => 23,
        Dtype.Float16 => 10,
        _ => 7,
    };

    /// <summary>Exponent of the smallest normal number: −126 for float32 and bfloat16 (same range), −14 for float16.</summary>
    public static int MinNormalExponent(this Dtype dtype) => dtype == Dtype.Float16 ? -14 : -126;

    /// <summary>The value the storage type holds for <paramref name="value"/> (round to nearest even).</summary>
    public static float Round(this Dtype dtype, float value) => dtype switch
    {
        Dtype.Float32 => value,
        Dtype.Float16 => (float)(Half)value,
        _ => (float)(BFloat16)value,
    };
}
