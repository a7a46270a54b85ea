namespace NormLab.Training.Tests;

/// <summary>Float64 central differences: ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h.</summary>
internal static class FiniteDifference
{
    public static double Partial(double[] x, int i, Func<double> f, double h = 1e-6)
    {
        double keep = x[i];
        x[i] = keep + h;
        double up = f();
        x[i] = keep - h;
        double down = f();
        x[i] = keep;
        return (up - down) / (2 * h);
    }

    /// <summary>Asserts |analytic − numeric| ≤ tol·max(1, |numeric|) at every index given.</summary>
    public static void Grad(string what, double[] x, double[] analytic, IEnumerable<int> indices, Func<double> f, double tol = 1e-6)
    {
        foreach (int i in indices)
        {
            double num = Partial(x, i, f);
            double err = Math.Abs(analytic[i] - num);
            Assert.True(err <= tol * Math.Max(1, Math.Abs(num)), $"{what}[{i}]: analytic {analytic[i]:R} vs numeric {num:R} (err {err:E2})");
        }
    }

    public static double[] Random(int n, ulong seed, double scale = 1)
    {
        var rng = new Rng(seed);
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * rng.Normal();
        return a;
    }

    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static IEnumerable<int> All(int n) => Enumerable.Range(0, n);
}
