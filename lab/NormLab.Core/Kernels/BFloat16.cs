namespace NormLab.Kernels;

/// <summary>
/// bfloat16 storage: the upper 16 bits of a float32 (sign, 8 exponent bits, 7 mantissa bits), so it
/// has float32's range with 8 bits of precision. Widening is exact (append 16 zero bits); narrowing
/// rounds to nearest, ties to even, overflows to ±Inf, and keeps NaN a NaN (quieted; sign and the top
/// payload bits kept) — plain truncation of the bits would turn a NaN whose payload sits in the low
/// bits into ±Inf.
/// </summary>
public readonly struct BFloat16(ushort bits) : IEquatable<BFloat16>
{
    public ushort Bits => bits;

    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.Bits << 16);

    public static explicit operator BFloat16(float value) => new(Narrow(BitConverter.SingleToUInt32Bits(value)));

    /// <summary>float32 bits → bfloat16 bits, round to nearest even; the vector stores do the same in lanes.</summary>
    public static ushort Narrow(uint bits) =>
        (bits & 0x7FFF_FFFF) > 0x7F80_0000
            ? (ushort)((bits >> 16) | 0x0040)
            : (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);

    public bool Equals(BFloat16 other) => Bits == other.Bits;

    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    public override int GetHashCode() => Bits;

    public override string ToString() => ((float)this).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
