namespace NormLab.Cuda.Tests;

/// <summary>The check harness's input families, seeded: standard normal, mean offset 1e4, magnitudes
/// 1e-30 and 1e30, all zeros, and rows holding NaN or ±Inf (every other row, the rest normal).</summary>
public static class InputFamilies
{
    public static readonly string[] All = ["normal", "offset1e4", "tiny1e-30", "huge1e30", "zeros", "nonfinite"];

    public static float[] Make(string family, int rows, int d, int seed)
    {
        var rng = new Random(seed);
        var x = new float[rows * d];
        for (int i = 0; i < x.Length; i++) x[i] = (float)Normal(rng);
        switch (family)
        {
            case "normal": break;
            case "offset1e4": for (int i = 0; i < x.Length; i++) x[i] += 1e4f; break;
            case "tiny1e-30": for (int i = 0; i < x.Length; i++) x[i] *= 1e-30f; break;
            case "huge1e30": for (int i = 0; i < x.Length; i++) x[i] *= 1e30f; break;
            case "zeros": Array.Clear(x); break;
            case "nonfinite":
                float[] poison = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
                for (int r = 0; r < rows; r += 2) x[r * d + rng.Next(d)] = poison[r / 2 % 3];
                break;
            default: throw new ArgumentException($"unknown input family '{family}'", nameof(family));
        }
        return x;
    }

    /// <summary>Every family stacked in one tensor, <paramref name="rowsPerFamily"/> rows each, in the
    /// order of <see cref="All"/> (one launch covers them all: the CPU accelerator's launches are slow).</summary>
    public static float[] Stacked(int rowsPerFamily, int d, int seed) =>
        All.SelectMany((f, i) => Make(f, rowsPerFamily, d, seed + i)).ToArray();

    /// <summary>The family of row r in a <see cref="Stacked"/> tensor.</summary>
    public static string FamilyOfRow(int row, int rowsPerFamily) => row / rowsPerFamily < All.Length ? All[row / rowsPerFamily] : "";

    public static float[] Normal(int n, int seed, double scale = 1, double offset = 0)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(offset + scale * Normal(rng));
        return v;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
