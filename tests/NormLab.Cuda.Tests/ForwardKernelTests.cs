using NormLab.Kernels;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Storage;
using NormLab.Reference;

namespace NormLab.Cuda.Tests;

/// <summary>Every forward variant × kernel version × dtype on the CPU accelerator, over the input
/// families and small shapes, against the float64 reference.</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class ForwardKernelTests(CpuAcceleratorFixture gpu)
{
    private const double Eps = 1e-5;

    public static TheoryData<string, KernelVersion, Dtype> Cases()
    {
        var data = new TheoryData<string, KernelVersion, Dtype>();
        foreach (var variant in ForwardVariants.Names)
            foreach (var version in KernelVersions.All)
                foreach (var dtype in new[] { Dtype.Float32, Dtype.Float16 })
                    data.Add(variant, version, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(string variant, KernelVersion version, Dtype dtype)
    {
        var v = ForwardVariants.Get(variant);
        int[] widths = version == KernelVersion.V3BlockVector4 ? [4, 64, 68, 300] : [1, 3, 17, 65, 300];
        foreach (int width in widths)
        {
            int d = v.Compressed ? width + 1 : width;
            int rowsPerFamily = width == 17 ? 11 : 3; // d = 17 makes a 66-row tensor
            var x = InputFamilies.Stacked(rowsPerFamily, width, seed: width * 31);
            var residual = v.Spec(d).HasResidual ? InputFamilies.Normal(x.Length, seed: 7, scale: 2) : [];
            var gain = InputFamilies.Normal(width, seed: 3, scale: 0.5, offset: 1);
            var bias = InputFamilies.Normal(width, seed: 4, scale: 0.1);

            var result = gpu.Norm.Forward(v.Spec(d), dtype, x, residual, gain, bias, version);

            var expected = new double[x.Length];
            var expectedSum = new double[x.Length];
            v.Reference(ReferenceBounds.Stored(x, dtype), ReferenceBounds.Stored(residual, dtype), d,
                ReferenceBounds.Stored(gain, Dtype.Float32), ReferenceBounds.Stored(bias, Dtype.Float32), Eps, expected, expectedSum);
            string what = $"{variant} {version.Tag()} {dtype.Name()} d={d}";
            ReferenceBounds.AssertClose(expected, result.Output, width, dtype, what, rowsPerFamily);
            if (result.Sum is not null) ReferenceBounds.AssertClose(expectedSum, result.Sum, width, dtype, what + " (h)", rowsPerFamily);
        }
    }
}
