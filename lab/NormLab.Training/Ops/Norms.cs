using System.Numerics;
using System.Runtime.InteropServices;
using NormLab.Kernels;
using NormLab.Reference;

namespace NormLab.Training.Ops;

/// <summary>The norm layers a block can use.</summary>
public enum NormOp
{
    LayerNorm,
    RmsNorm,
    /// <summary>On compressed rows of d − 1 (the zero-mean stream without its last element), no gain/bias.</summary>
    CRmsNorm,
}

/// <summary>
/// Norm forward and backward, row by row. float32 runs the lab's SIMD kernels (LayerNormKernel,
/// RmsNormKernel, CRmsNormKernel and their Backward kernels), float64 the references
/// (LayerNormReference, RmsNormReference, CRmsNormReference). d is the model
/// width: rows are d long, or d − 1 for CRMSNorm. Backward overwrites dx and accumulates dgain/dbias.
/// </summary>
public static class Norms<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Forward(NormOp op, ReadOnlySpan<T> x, int d, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, double eps, Span<T> y)
    {
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> xf = F(x), gf = F(gain), bf = F(bias);
            Span<float> yf = F(y);
            float e = (float)eps;
            switch (op)
            {
                case NormOp.LayerNorm: LayerNormKernel.Simd(xf, d, gf, bf, e, yf); break;
                case NormOp.RmsNorm: RmsNormKernel.Simd(xf, d, gf, bf, e, yf); break;
                default: CRmsNormKernel.Simd(xf, d, gf, bf, e, yf); break;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> xd = D(x), gd = D(gain), bd = D(bias);
            Span<double> yd = D(y);
            switch (op)
            {
                case NormOp.LayerNorm: LayerNormReference.Forward(xd, d, gd, bd, eps, yd); break;
                case NormOp.RmsNorm: RmsNormReference.Forward(xd, d, gd, bd, eps, yd); break;
                default: CRmsNormReference.Forward(xd, d, gd, bd, eps, yd); break;
            }
        }
        else throw new NotSupportedException(typeof(T).Name);
    }

    public static void Backward(NormOp op, ReadOnlySpan<T> x, int d, ReadOnlySpan<T> gain, ReadOnlySpan<T> dy, double eps, Span<T> dx,
        Span<T> dgain, Span<T> dbias)
    {
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> xf = F(x), gf = F(gain), dyf = F(dy);
            Span<float> dxf = F(dx), dgf = F(dgain), dbf = F(dbias);
            float e = (float)eps;
            switch (op)
            {
                case NormOp.LayerNorm: LayerNormBackwardKernel.Simd(xf, d, gf, dyf, e, dxf, dgf, dbf); break;
                case NormOp.RmsNorm: RmsNormBackwardKernel.Simd(xf, d, gf, dyf, e, dxf, dgf, dbf); break;
                default: CRmsNormBackwardKernel.Simd(xf, d, gf, dyf, e, dxf, dgf, dbf); break;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> xd = D(x), gd = D(gain), dyd = D(dy);
            Span<double> dxd = D(dx), dgd = D(dgain), dbd = D(dbias);
            switch (op)
            {
                case NormOp.LayerNorm: LayerNormReference.Backward(xd, d, gd, dyd, eps, dxd, dgd, dbd); break;
                case NormOp.RmsNorm: RmsNormReference.Backward(xd, d, gd, dyd, eps, dxd, dgd, dbd); break;
                default: CRmsNormReference.Backward(xd, d, gd, dyd, eps, dxd, dgd, dbd); break;
            }
        }
        else throw new NotSupportedException(typeof(T).Name);
    }

    private static ReadOnlySpan<float> F(ReadOnlySpan<T> s) => MemoryMarshal.Cast<T, float>(s);
    private static Span<float> F(Span<T> s) => MemoryMarshal.Cast<T, float>(s);
    private static ReadOnlySpan<double> D(ReadOnlySpan<T> s) => MemoryMarshal.Cast<T, double>(s);
    private static Span<double> D(Span<T> s) => MemoryMarshal.Cast<T, double>(s);
}
