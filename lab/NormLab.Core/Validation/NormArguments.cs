namespace NormLab.Validation;

/// <summary>
/// Argument checks shared by every backend, so a bad call fails the same way (ArgumentException
/// naming the argument) whichever kernel it reaches.
/// </summary>
public static class NormArguments
{
    /// <summary>Checks d ≥ 1 and that <paramref name="length"/> holds a whole number of rows; returns the row count.</summary>
    public static int Rows(int length, int d, string tensorName)
    {
        if (d < 1) throw new ArgumentException($"d must be at least 1, was {d}.", nameof(d));
        if (length % d != 0)
            throw new ArgumentException($"{tensorName} has {length} elements, not a whole number of rows of d = {d}.", tensorName);
        return length / d;
    }

    public static void Epsilon(double eps)
    {
        if (!(eps > 0) || double.IsInfinity(eps))
            throw new ArgumentException($"eps must be finite and > 0, was {eps}.", nameof(eps));
    }

    /// <summary>An optional per-feature vector (gain, bias): empty means absent, otherwise exactly d long.</summary>
    public static void Optional(int length, int d, string name)
    {
        if (length != 0 && length != d)
            throw new ArgumentException($"{name} must be empty or have d = {d} elements, had {length}.", name);
    }

    public static void Required(int length, int expected, string name)
    {
        if (length != expected)
            throw new ArgumentException($"{name} must have {expected} elements, had {length}.", name);
    }

    public static void Fraction(double p)
    {
        if (!(p > 0 && p <= 1)) throw new ArgumentException($"p must be in (0, 1], was {p}.", nameof(p));
    }

    public static void LayerIndex(int layer)
    {
        if (layer < 1) throw new ArgumentException($"layer (1-based block index ℓ) must be ≥ 1, was {layer}.", nameof(layer));
    }

    /// <summary>CRMSNorm stores a d-vector in d − 1 numbers, so d must be at least 2.</summary>
    public static int CompressedRows(int length, int d, string tensorName)
    {
        if (d < 2) throw new ArgumentException($"CRMSNorm needs the full width d ≥ 2, was {d}.", nameof(d));
        if (length % (d - 1) != 0)
            throw new ArgumentException(
                $"{tensorName} has {length} elements, not a whole number of compressed rows of d − 1 = {d - 1}.", tensorName);
        return length / (d - 1);
    }
}
