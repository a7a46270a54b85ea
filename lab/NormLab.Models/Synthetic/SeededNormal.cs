namespace NormLab.Models.Synthetic;

/// <summary>
/// Deterministic normal samples for one tensor: SplitMix64 seeded from (model seed, tensor name),
/// Box–Muller. The same name and seed always give the same values, in any order of loading.
/// </summary>
public sealed class SeededNormal
{
    private ulong _state;

    public SeededNormal(ulong seed, string tensorName)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over the name: stable across runs and platforms
        foreach (char ch in tensorName) h = (h ^ ch) * 1099511628211UL;
        _state = seed ^ h;
    }

    public double[] Fill(int count, double mean, double std)
    {
        var data = new double[count];
        for (int i = 0; i < count; i += 2)
        {
            double u1 = (Next() >> 11) * (1.0 / (1UL << 53)) + 1e-300, u2 = (Next() >> 11) * (1.0 / (1UL << 53));
            double r = Math.Sqrt(-2 * Math.Log(u1));
            data[i] = mean + std * r * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < count) data[i + 1] = mean + std * r * Math.Sin(2 * Math.PI * u2);
        }
        return data;
    }

    private ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
