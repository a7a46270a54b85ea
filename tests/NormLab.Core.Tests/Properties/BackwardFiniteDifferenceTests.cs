using NormLab.Reference;
using Xunit;

namespace NormLab.Core.Tests.Properties;

/// <summary>The float64 backward references against central finite differences of the forward references.</summary>
public class BackwardFiniteDifferenceTests
{
    private delegate void Forward(double[] x, double[] gain, double[] bias, double[] y);
    private delegate void Backward(double[] x, double[] gain, double[] dy, double[] dx, double[] dgain, double[] dbias);

    public static TheoryData<string, int> Cases() => new() { { "ln", 1 }, { "ln", 7 }, { "rms", 1 }, { "rms", 9 }, { "crms", 2 }, { "crms", 8 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_central_differences(string norm, int d)
    {
        const double eps = 1e-3;
        int width = norm == "crms" ? d - 1 : d, rows = 2;
        var rng = new Random(d);
        double[] R(int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] x = R(rows * width), gain = R(width), bias = R(width), dy = R(rows * width);
        Forward f = norm switch
        {
            "ln" => (a, g, b, y) => LayerNormReference.Forward(a, d, g, b, eps, y),
            "rms" => (a, g, b, y) => RmsNormReference.Forward(a, d, g, b, eps, y),
            _ => (a, g, b, y) => CRmsNormReference.Forward(a, d, g, b, eps, y),
        };
        Backward bw = norm switch
        {
            "ln" => (a, g, up, dx, dg, db) => LayerNormReference.Backward(a, d, g, up, eps, dx, dg, db),
            "rms" => (a, g, up, dx, dg, db) => RmsNormReference.Backward(a, d, g, up, eps, dx, dg, db),
            _ => (a, g, up, dx, dg, db) => CRmsNormReference.Backward(a, d, g, up, eps, dx, dg, db),
        };
        double Loss(double[] a, double[] g, double[] b)
        {
            var y = new double[a.Length];
            f(a, g, b, y);
            return y.Zip(dy, (p, q) => p * q).Sum();
        }
        double[] dx = new double[x.Length], dgain = new double[width], dbias = new double[width];
        bw(x, gain, dy, dx, dgain, dbias);
        void CheckGrad(double[] v, double[] analytic)
        {
            for (int i = 0; i < v.Length; i++)
            {
                const double h = 1e-6;
                double keep = v[i];
                v[i] = keep + h; double up = Loss(x, gain, bias);
                v[i] = keep - h; double down = Loss(x, gain, bias);
                v[i] = keep;
                Assert.True(Math.Abs((up - down) / (2 * h) - analytic[i]) <= 1e-6 * (1 + Math.Abs(analytic[i])),
                    $"{norm} d={d} [{i}]: fd {(up - down) / (2 * h)} vs {analytic[i]}");
            }
        }
        CheckGrad(x, dx);
        CheckGrad(gain, dgain);
        CheckGrad(bias, dbias);
    }
}
