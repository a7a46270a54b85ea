using NormLab.Training.Ops;
using static NormLab.Training.Tests.FiniteDifference;

namespace NormLab.Training.Tests;

/// <summary>Every op's backward against float64 central differences of L = Σ w ⊙ out (so dout = w).</summary>
public class OpGradientTests
{
    [Theory]
    [InlineData(3, 5, 7)]
    [InlineData(9, 33, 70)]
    public void Matmul_backward_matches_finite_differences(int n, int k, int oc)
    {
        double[] x = Random(n * k, 1), w = Random(k * oc, 2), b = Random(oc, 3), wOut = Random(n * oc, 4);
        var y = new double[n * oc];
        double L() { Matmul<double>.Forward(y, x, w, b, n, k, oc); return Dot(y, wOut); }
        double[] dx = new double[n * k], dw = new double[k * oc], db = new double[oc];
        Matmul<double>.Backward(wOut, x, w, dx, dw, db, n, k, oc);
        Grad("dx", x, dx, All(x.Length), L);
        Grad("dw", w, dw, All(w.Length), L);
        Grad("db", b, db, All(b.Length), L);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 17, 3)]
    [InlineData(37, 71, 129)]
    [InlineData(64, 300, 96)]
    [InlineData(13, 64, 63)]
    public void Gemm_matches_a_naive_product_in_float32(int m, int k, int n)
    {
        var rng = new Rng(5);
        float[] a = [.. Enumerable.Range(0, m * k).Select(_ => (float)rng.Normal())], b = [.. Enumerable.Range(0, k * n).Select(_ => (float)rng.Normal())];
        var c = new float[m * n];
        Array.Fill(c, 1f);
        Gemm<float>.Multiply(a, b, c, m, k, n, accumulate: true);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 1;
                for (int p = 0; p < k; p++) s += (double)a[i * k + p] * b[p * n + j];
                Assert.True(Math.Abs(c[i * n + j] - s) <= 1e-4 * Math.Sqrt(k) * 3, $"c[{i},{j}] = {c[i * n + j]} vs {s}");
            }
    }

    [Fact]
    public void Attention_backward_matches_finite_differences()
    {
        int b = 2, t = 5, c = 8, nh = 2;
        double[] qkv = Random(b * t * 3 * c, 5), wOut = Random(b * t * c, 6);
        var y = new double[b * t * c];
        var att = new double[b * nh * t * t];
        double L() { Attention<double>.Forward(y, att, qkv, b, t, c, nh); return Dot(y, wOut); }
        L();
        var dqkv = new double[qkv.Length];
        Attention<double>.Backward(dqkv, wOut, qkv, att, b, t, c, nh);
        Grad("dqkv", qkv, dqkv, All(qkv.Length), L);
        // causality: the output at t = 0 does not depend on later keys
        Assert.Equal(0.0, att[1]);
    }

    [Fact]
    public void Gelu_backward_matches_finite_differences()
    {
        double[] x = Random(40, 7, 2), wOut = Random(40, 8);
        var y = new double[40];
        double L() { Gelu<double>.Forward(y, x); return Dot(y, wOut); }
        var dx = new double[40];
        Gelu<double>.Backward(dx, x, wOut);
        Grad("dx", x, dx, All(40), L);
    }

    [Fact]
    public void Embedding_backward_matches_finite_differences()
    {
        int b = 2, t = 3, w = 4, v = 6;
        int[] tokens = [1, 5, 1, 0, 2, 5];
        double[] wte = Random(v * w, 9), wpe = Random(t * w, 10), wOut = Random(b * t * w, 11);
        var x = new double[b * t * w];
        double L() { Embedding<double>.Forward(x, tokens, wte, wpe, b, t, w); return Dot(x, wOut); }
        double[] dwte = new double[wte.Length], dwpe = new double[wpe.Length];
        Embedding<double>.Backward(wOut, tokens, dwte, dwpe, b, t, w);
        Grad("dwte", wte, dwte, All(wte.Length), L);
        Grad("dwpe", wpe, dwpe, All(wpe.Length), L);
        Assert.Equal(0.0, dwte[3 * w]); // token 3 never appears
    }

    [Fact]
    public void CrossEntropy_backward_matches_finite_differences()
    {
        int n = 4, v = 7;
        double[] logits = Random(n * v, 12, 3);
        int[] targets = [0, 6, 3, 3];
        var probs = new double[n * v];
        double L() => CrossEntropy<double>.Forward(probs, logits, targets, n, v);
        L();
        var d = new double[n * v];
        CrossEntropy<double>.Backward(d, probs, targets, n, v);
        Grad("dlogits", logits, d, All(logits.Length), L);
        // uniform logits give log v
        Assert.Equal(Math.Log(v), CrossEntropy<double>.Forward(probs, new double[n * v], targets, n, v), 12);
    }

    [Theory]
    [InlineData(NormOp.LayerNorm)]
    [InlineData(NormOp.RmsNorm)]
    [InlineData(NormOp.CRmsNorm)]
    public void Norm_backward_matches_finite_differences(NormOp op)
    {
        int d = 8, rows = 3, width = op == NormOp.CRmsNorm ? d - 1 : d;
        double[] x = Random(rows * width, 13), g = Random(width, 14), b = Random(width, 15), wOut = Random(rows * width, 16);
        for (int i = 0; i < width; i++) g[i] += 1;
        var y = new double[x.Length];
        double L() { Norms<double>.Forward(op, x, d, g, b, 1e-5, y); return Dot(y, wOut); }
        double[] dx = new double[x.Length], dg = new double[width], db = new double[width];
        Norms<double>.Backward(op, x, d, g, wOut, 1e-5, dx, dg, db);
        Grad("dx", x, dx, All(x.Length), L);
        Grad("dg", g, dg, All(width), L);
        Grad("db", b, db, All(width), L);
    }

    [Theory]
    [InlineData(NormOp.LayerNorm)]
    [InlineData(NormOp.RmsNorm)]
    [InlineData(NormOp.CRmsNorm)]
    public void Float32_norms_run_the_kernels_and_agree_with_float64(NormOp op)
    {
        int d = 64, rows = 5, width = op == NormOp.CRmsNorm ? d - 1 : d;
        double[] x = Random(rows * width, 17), g = Random(width, 18), dy = Random(rows * width, 19);
        float[] xf = [.. x.Select(v => (float)v)], gf = [.. g.Select(v => (float)v)], dyf = [.. dy.Select(v => (float)v)];
        var y = new double[x.Length];
        var yf = new float[x.Length];
        Norms<double>.Forward(op, x, d, g, [], 1e-5, y);
        Norms<float>.Forward(op, xf, d, gf, [], 1e-5, yf);
        var dx = new double[x.Length];
        var dxf = new float[x.Length];
        Norms<double>.Backward(op, x, d, g, dy, 1e-5, dx, [], []);
        Norms<float>.Backward(op, xf, d, gf, dyf, 1e-5, dxf, [], []);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(y[i] - yf[i]) < 1e-4 * (1 + Math.Abs(y[i])), $"y[{i}]");
            Assert.True(Math.Abs(dx[i] - dxf[i]) < 1e-4 * (1 + Math.Abs(dx[i])), $"dx[{i}]");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Recenter_backward_matches_finite_differences(bool compress)
    {
        int rows = 3, d = 5, r = compress ? d - 1 : d;
        double[] w = Random(rows * d, 20), wOut = Random(rows * r, 21);
        var eff = new double[rows * r];
        double L() { Recenter<double>.Forward(w, rows, d, compress, eff); return Dot(eff, wOut); }
        L();
        if (!compress)
            for (int i = 0; i < rows; i++) Assert.True(Math.Abs(eff.Skip(i * d).Take(d).Sum()) < 1e-12);
        var dw = new double[w.Length];
        Recenter<double>.Backward(wOut, rows, d, compress, dw);
        Grad("dw", w, dw, All(w.Length), L);
    }

    [Fact]
    public void FoldReader_is_the_reader_of_the_decompressed_norm_and_its_backward_matches()
    {
        int d = 6, n = 4;
        double[] g = Random(d, 22), nb = Random(d, 23), w = Random(d * n, 24), bias = Random(n, 25), nHat = Random(d - 1, 26), wOut = Random(n, 27);
        var wEff = new double[(d - 1) * n];
        var bEff = new double[n];
        double[] Out()
        {
            FoldReader<double>.Forward(g, nb, w, bias, d, n, wEff, bEff);
            var o = (double[])bEff.Clone();
            for (int i = 0; i < d - 1; i++) for (int j = 0; j < n; j++) o[j] += nHat[i] * wEff[i * n + j];
            return o;
        }
        // the same as (g ⊙ n + b)·W + bias with n = (n̂, −Σn̂)
        var full = nHat.Append(-nHat.Sum()).ToArray();
        var direct = (double[])bias.Clone();
        for (int i = 0; i < d; i++) for (int j = 0; j < n; j++) direct[j] += (g[i] * full[i] + nb[i]) * w[i * n + j];
        var folded = Out();
        for (int j = 0; j < n; j++) Assert.Equal(direct[j], folded[j], 12);
        double L() => Dot(Out(), wOut);
        // dL/dwEff = n̂ ⊗ wOut, dL/dbEff = wOut
        var dwEff = new double[wEff.Length];
        for (int i = 0; i < d - 1; i++) for (int j = 0; j < n; j++) dwEff[i * n + j] = nHat[i] * wOut[j];
        double[] dg = new double[d], dnb = new double[d], dw = new double[w.Length], db = new double[n];
        FoldReader<double>.Backward(g, nb, w, d, n, dwEff, wOut, dg, dnb, dw, db);
        Grad("dg", g, dg, All(d), L);
        Grad("dnb", nb, dnb, All(d), L);
        Grad("dw", w, dw, All(w.Length), L);
        Grad("dbias", bias, db, All(n), L);
    }
}
