namespace NormLab.Training;

/// <summary>SplitMix64: a seeded generator whose sequence is fixed by this code alone (not by the runtime's Random).</summary>
public sealed class Rng(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    public int Below(int n) => (int)(Uniform() * n);

    /// <summary>Standard normal (Box–Muller).</summary>
    public double Normal()
    {
        double u1 = 1.0 - Uniform(), u2 = Uniform();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
