using NormLab.Kernels;
using NormLab.Bench.Anchors;
using NormLab.Bench.Kernels;
using NormLab.Bench.Workload;
using NormLab.Reference;

namespace NormLab.Reports.Tests;

/// <summary>The bench measures the right things: ORT's nodes compute the norms, our bindings run the kernels, ratios are computed as documented.</summary>
public class BenchTests
{
    private const int Rows = 3, D = 64;

    private static double[] Reference(NormBuffers<float> b, bool layerNorm, bool bias)
    {
        var y = new double[Rows * D];
        double[] x = b.X.Select(v => (double)v).ToArray(), g = b.Gain.Select(v => (double)v).ToArray();
        double[] beta = bias ? b.Bias.Select(v => (double)v).ToArray() : [];
        if (layerNorm) LayerNormReference.Forward(x, D, g, beta, 1e-5, y);
        else RmsNormReference.Forward(x, D, g, beta, 1e-5, y);
        return y;
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"element {i}: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public void Ort_layer_norm_anchor_computes_layer_norm_on_the_shared_buffers()
    {
        var b = new ShapeBuffers(Rows, D, 1).F32;
        using var anchor = new OrtNormAnchor(OrtNormForm.LayerNorm, Dtype.Float32, b.X, b.Gain, b.Bias, b.Y, Rows, D, 1e-5f);
        anchor.Run();
        AssertClose(Reference(b, layerNorm: true, bias: true), b.Y);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Each_runnable_ort_rms_form_computes_rms_norm(int form)
    {
        var b = new ShapeBuffers(Rows, D, 2).F32;
        using var anchor = new OrtNormAnchor(OrtNormForm.RmsRunnable[form], Dtype.Float32, b.X, b.Gain, null, b.Y, Rows, D, 1e-5f);
        anchor.Run();
        AssertClose(Reference(b, layerNorm: false, bias: false), b.Y);
    }

    [Fact]
    public void The_com_microsoft_rms_spelling_is_refused_by_this_ort()
    {
        Assert.NotNull(OrtNormAnchor.WhyNotSupported(OrtNormForm.RmsCandidates[2], Dtype.Float32));
        Assert.All(OrtNormForm.RmsRunnable, f => Assert.Null(OrtNormAnchor.WhyNotSupported(f, Dtype.Float32)));
    }

    [Fact]
    public void Catalog_layer_norm_and_rms_norm_bindings_compute_their_norms()
    {
        foreach (var kernel in CpuKernelCatalog.All().Where(k => k.Dtype == Dtype.Float32 && k.ComparedWith is not null))
        {
            var buffers = new ShapeBuffers(Rows, D, 3);
            kernel.Bind(buffers)();
            bool layerNorm = kernel.ComparedWith == OrtNorm.LayerNorm;
            AssertClose(Reference(buffers.F32, layerNorm, bias: layerNorm), buffers.F32.Y);
        }
    }

    [Fact]
    public void Every_catalog_kernel_runs_and_writes_finite_output()
    {
        foreach (var kernel in CpuKernelCatalog.All())
        {
            var buffers = new ShapeBuffers(Rows, D, 4);
            kernel.Bind(buffers)();
            bool finite = kernel.Dtype switch
            {
                Dtype.Float32 => buffers.F32.Y.Take(Rows * (D - 1)).All(float.IsFinite) && buffers.F32.Y.Take(Rows * (D - 1)).Any(v => v != 0),
                Dtype.Float16 => buffers.F16.Y.All(Half.IsFinite) && buffers.F16.Y.Any(v => v != Half.Zero),
                _ => buffers.BF16.Y.All(v => float.IsFinite((float)v)) && buffers.BF16.Y.Any(v => (float)v != 0),
            };
            Assert.True(finite, kernel.Name);
        }
    }

    [Fact]
    public void Rows_turn_per_round_times_into_median_ratios()
    {
        var kernels = CpuKernelCatalog.All().Where(k => k.Variant == "LayerNorm" && k.Dtype == Dtype.Float32).ToArray();
        using var subjects = new ShapeSubjects(kernels, Rows, D, 1e-5f, 5);
        // entries: scalar, simd, ORT LN, then the roofline streams of their byte count: read, copy, scale, scale-nt
        Assert.Equal(["scalar", "simd"], subjects.Entries.Take(2).Select(e => e.Kernel!.Backend));
        long bytes = subjects.Entries[1].BytesMoved;
        int copy = subjects.Copies[bytes];
        double[][] times =
        [
            [8, 2, 3, 1.2, 1.6, 1.6, 1.3],
            [8, 4, 3, 3.0, 2.0, 2.5, 1.6],
            [9, 2, 4, 1.5, 1.0, 1.2, 1.1],
        ];
        Assert.Equal(4, copy);
        Assert.Equal([3, 4, 5, 6], subjects.Rooflines[bytes]);
        Assert.All(subjects.Rooflines[bytes], j => Assert.Equal(bytes, subjects.Entries[j].BytesMoved));
        var simd = KernelBench.RowsOf(subjects, times).Single(r => r.Backend == "simd");
        Assert.Equal(2, simd.Seconds);
        Assert.Equal(0.5, simd.VsCopy, 12);   // per round copy/simd: 0.8, 0.5, 0.5
        Assert.Equal((0.5, 0.8), (simd.VsCopyMin, simd.VsCopyMax));
        Assert.Equal(0.5, simd.VsRoofline!.Value, 12); // fastest stream/simd: 1.2/2, 1.6/4, 1.0/2
        Assert.Equal(0.4, simd.VsRooflineMin!.Value, 12);
        Assert.Equal(0.6, simd.VsRooflineMax!.Value, 12);
        Assert.Equal(bytes / 1.2 / 1e9, simd.RooflineGbps!.Value, 9);
        Assert.Equal(1.5, simd.VsOrt!.Value, 12); // ORT/simd: 1.5, 0.75, 2
        Assert.Equal(4.0, simd.VsScalar!.Value, 12); // scalar/simd: 4, 2, 4.5
    }
}
