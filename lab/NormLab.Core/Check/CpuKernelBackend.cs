using NormLab.Kernels;

namespace NormLab.Check;

/// <summary>The CPU kernels of NormLab.Kernels: "scalar" (plain float32 loops) or "simd" (Vector128/256/512), both over all cores.</summary>
public sealed class CpuKernelBackend : IKernelBackend
{
    public static readonly CpuKernelBackend Scalar = new("scalar", simd: false);
    public static readonly CpuKernelBackend Simd = new("simd", simd: true);

    private readonly bool simd;

    private CpuKernelBackend(string name, bool simd) => (Name, this.simd) = (name, simd);

    public string Name { get; }

    /// <summary>Every variant in float32; float16 and bfloat16 storage for LayerNorm and RMSNorm.</summary>
    public bool Supports(NormVariant variant, Dtype dtype) =>
        dtype == Dtype.Float32 || variant is NormVariant.LayerNorm or NormVariant.LayerNormAffine or NormVariant.RmsNorm;

    public float[][] Run(CheckCase c)
    {
        if (c.DType == Dtype.Float16)
            return [RunNarrow<Half>(c, v => (Half)v, v => (float)v, simd ? LayerNormKernel.Simd : LayerNormKernel.Scalar,
                simd ? RmsNormKernel.Simd : RmsNormKernel.Scalar)];
        if (c.DType == Dtype.BFloat16)
            return [RunNarrow<BFloat16>(c, v => (BFloat16)v, v => (float)v, simd ? LayerNormKernel.Simd : LayerNormKernel.Scalar,
                simd ? RmsNormKernel.Simd : RmsNormKernel.Scalar)];
        var o = new float[c.X.Length];
        switch (c.Variant)
        {
            case NormVariant.LayerNorm or NormVariant.LayerNormAffine:
                if (simd) LayerNormKernel.Simd(c.X, c.D, c.Gain, c.Bias, c.Eps, o); else LayerNormKernel.Scalar(c.X, c.D, c.Gain, c.Bias, c.Eps, o);
                return [o];
            case NormVariant.RmsNorm:
                if (simd) RmsNormKernel.Simd(c.X, c.D, c.Gain, c.Bias, c.Eps, o); else RmsNormKernel.Scalar(c.X, c.D, c.Gain, c.Bias, c.Eps, o);
                return [o];
            case NormVariant.PRmsNorm:
                if (simd) PRmsNormKernel.Simd(c.X, c.D, c.P, c.Gain, c.Bias, c.Eps, o); else PRmsNormKernel.Scalar(c.X, c.D, c.P, c.Gain, c.Bias, c.Eps, o);
                return [o];
            case NormVariant.CRmsNorm:
                if (simd) CRmsNormKernel.Simd(c.X, c.D, c.Gain, c.Bias, c.Eps, o); else CRmsNormKernel.Scalar(c.X, c.D, c.Gain, c.Bias, c.Eps, o);
                return [o];
            case NormVariant.LayerNormScaling:
                if (simd) LayerNormScalingKernel.Simd(c.X, c.D, c.Gain, c.Bias, c.Eps, c.Layer, o);
                else LayerNormScalingKernel.Scalar(c.X, c.D, c.Gain, c.Bias, c.Eps, c.Layer, o);
                return [o];
            case NormVariant.PeriNormResidual:
                if (simd) PeriNormResidualKernel.Simd(c.Kind, c.Residual, c.X, c.D, c.Gain, c.Bias, c.Eps, o);
                else PeriNormResidualKernel.Scalar(c.Kind, c.Residual, c.X, c.D, c.Gain, c.Bias, c.Eps, o);
                return [o];
            case NormVariant.PreNormResidual:
                var h = new float[c.X.Length];
                if (simd) PreNormResidualKernel.Simd(c.Kind, c.X, c.Residual, c.D, c.Gain, c.Bias, c.Eps, h, o);
                else PreNormResidualKernel.Scalar(c.Kind, c.X, c.Residual, c.D, c.Gain, c.Bias, c.Eps, h, o);
                return [h, o];
            case NormVariant.FlashNormRms or NormVariant.FlashNormLayerNorm:
                var weights = FlashNormWeights.Fold(c.Kind, c.Gain, c.Bias, c.W, c.D, c.N, c.C);
                var output = new float[c.Rows * c.N];
                if (simd) FlashNormKernel.Simd(c.X, c.D, weights, c.Eps, output); else FlashNormKernel.Scalar(c.X, c.D, weights, c.Eps, output);
                return [output];
            default:
                return RunBackward(c);
        }
    }

    private float[][] RunBackward(CheckCase c)
    {
        var dx = new float[c.X.Length];
        var dgain = new float[c.Width];
        var dbias = new float[c.Width];
        switch (c.Variant)
        {
            case NormVariant.LayerNormBackward:
                if (simd) LayerNormBackwardKernel.Simd(c.X, c.D, c.Gain, c.Dy, c.Eps, dx, dgain, dbias);
                else LayerNormBackwardKernel.Scalar(c.X, c.D, c.Gain, c.Dy, c.Eps, dx, dgain, dbias);
                break;
            case NormVariant.RmsNormBackward:
                if (simd) RmsNormBackwardKernel.Simd(c.X, c.D, c.Gain, c.Dy, c.Eps, dx, dgain, dbias);
                else RmsNormBackwardKernel.Scalar(c.X, c.D, c.Gain, c.Dy, c.Eps, dx, dgain, dbias);
                break;
            case NormVariant.CRmsNormBackward:
                if (simd) CRmsNormBackwardKernel.Simd(c.X, c.D, c.Gain, c.Dy, c.Eps, dx, dgain, dbias);
                else CRmsNormBackwardKernel.Scalar(c.X, c.D, c.Gain, c.Dy, c.Eps, dx, dgain, dbias);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Variant, "no CPU kernel for this variant");
        }
        return [dx, dgain, dbias];
    }

    private delegate void NarrowNorm<T>(ReadOnlySpan<T> x, int d, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, float eps, Span<T> y);

    /// <summary>A float16/bfloat16 case: inputs narrowed (exactly: the factory already rounded them), outputs widened exactly.</summary>
    private static float[] RunNarrow<T>(CheckCase c, Func<float, T> narrow, Func<T, float> widen, NarrowNorm<T> layerNorm, NarrowNorm<T> rmsNorm)
    {
        T[] x = Array.ConvertAll(c.X, e => narrow(e)), gain = Array.ConvertAll(c.Gain, e => narrow(e)), bias = Array.ConvertAll(c.Bias, e => narrow(e));
        var y = new T[c.X.Length];
        var run = c.Variant switch
        {
            NormVariant.LayerNorm or NormVariant.LayerNormAffine => layerNorm,
            NormVariant.RmsNorm => rmsNorm,
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Variant, $"no {c.DType.Name()} CPU kernel for this variant"),
        };
        run(x, c.D, gain, bias, c.Eps, y);
        return Array.ConvertAll(y, v => widen(v));
    }
}
