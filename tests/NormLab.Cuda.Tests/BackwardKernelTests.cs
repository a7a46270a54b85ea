using NormLab.Kernels;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Storage;
using NormLab.Reference;

namespace NormLab.Cuda.Tests;

/// <summary>LayerNorm and RMSNorm backward, v1 and v2 × float32/float16, against the float64 reference
/// (dx per row; dgain and dbias summed over rows, held to the same relative bound).</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class BackwardKernelTests(CpuAcceleratorFixture gpu)
{
    public static TheoryData<NormKind, KernelVersion, Dtype> Cases()
    {
        var data = new TheoryData<NormKind, KernelVersion, Dtype>();
        foreach (var kind in new[] { NormKind.LayerNorm, NormKind.RmsNorm })
            foreach (var version in new[] { KernelVersion.V1WarpPerRow, KernelVersion.V2BlockPerRow })
                foreach (var dtype in new[] { Dtype.Float32, Dtype.Float16 })
                    data.Add(kind, version, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(NormKind kind, KernelVersion version, Dtype dtype)
    {
        // RMSNorm at d = 1 is left out: there dx = dy·g·eps/(x² + eps)/rms is all cancellation
        // (1 − n² with n ≈ ±1), which no float32 kernel computes to relative accuracy.
        int[] widths = kind == NormKind.RmsNorm ? [3, 17, 65, 300] : [1, 3, 17, 65, 300];
        foreach (int d in widths)
            foreach (bool poisoned in new[] { false, true })
            {
                // Parameter gradients sum over all rows, so one NaN row poisons them: test finite and
                // non-finite stacks apart.
                const int rowsPerFamily = 3;
                var x = poisoned
                    ? InputFamilies.Make("nonfinite", rowsPerFamily, d, seed: d)
                    : InputFamilies.All.Where(f => f != "nonfinite").SelectMany((f, i) => InputFamilies.Make(f, rowsPerFamily, d, d + i)).ToArray();
                var dy = InputFamilies.Normal(x.Length, seed: 5);
                var gain = InputFamilies.Normal(d, seed: 3, scale: 0.5, offset: 1);

                var result = gpu.Norm.Backward(kind, d, 1e-5, dtype, x, gain, dy, parameterGrads: true, version);

                double[] xs = ReferenceBounds.Stored(x, dtype), dys = ReferenceBounds.Stored(dy, dtype), g = ReferenceBounds.Stored(gain, Dtype.Float32);
                var dx = new double[x.Length];
                var dgain = new double[d];
                var dbias = new double[d];
                if (kind == NormKind.LayerNorm) LayerNormReference.Backward(xs, d, g, dys, 1e-5, dx, dgain, dbias);
                else RmsNormReference.Backward(xs, d, g, dys, 1e-5, dx, dgain, dbias);

                string what = $"{kind} backward {version.Tag()} {dtype.Name()} d={d}{(poisoned ? " nonfinite-stack" : "")}";
                ReferenceBounds.AssertClose(dx, result.Dx, d, dtype, what + " dx", poisoned ? int.MaxValue : rowsPerFamily);
                // Sums of rows of very different magnitude (the 1e4 family's dgain terms) cancel: hold
                // them to the float32 bound scaled by the row count they sum.
                ReferenceBounds.AssertClose(dgain, result.DGain!, d, Dtype.Float32, what + " dgain", int.MaxValue, x.Length / d);
                ReferenceBounds.AssertClose(dbias, result.DBias!, d, Dtype.Float32, what + " dbias", int.MaxValue, x.Length / d);
            }
    }
}
