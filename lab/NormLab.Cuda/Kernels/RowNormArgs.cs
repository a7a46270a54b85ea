using ILGPU;
using NormLab.Cuda.Storage;

namespace NormLab.Cuda.Kernels;

/// <summary>
/// Everything a row-normalization kernel reads, as one struct (ILGPU passes it by value). One shape
/// covers every forward variant: which statistic (<see cref="Kind"/>), over how many elements,
/// divided by what, and whether a residual is added before (pre-norm) or after (Peri-LN) the norm.
/// Unused views point at a one-element dummy buffer; the flags say whether to read them.
/// </summary>
public struct RowNormArgs<T> where T : unmanaged
{
    public const int LayerNormKind = 0, RmsNormKind = 1, CRmsNormKind = 2;
    public const int NoResidual = 0, PeriOutputResidual = 1, PreNormResidual = 2;

    public ArrayView<T> X;          // the tensor normalized (Peri-LN: the sublayer output y)
    public ArrayView<T> Residual;   // Peri-LN: the stream x added after; pre-norm: y added before
    public ArrayView<T> Output;
    public ArrayView<T> Sum;        // pre-norm only: h = x + y, written back
    public ArrayView<Pack4<T>> X4, Residual4, Output4, Sum4; // v3's packed views of the same buffers
    public ArrayView<float> Gain, Bias;
    public int Rows, Width, StatCount, Kind, Mode;
    public int UseGain, UseBias;   // 0/1: kernel parameters must be blittable, bool is not
    public float Divisor, Eps, OutScale;

    public readonly bool HasGain => UseGain != 0;
    public readonly bool HasBias => UseBias != 0;
}
