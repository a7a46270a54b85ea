using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormLab.Kernels.Loops;

/// <summary>
/// The forward apply: inputs (x, g, b); y = (((x − shift) − delta)·scale ⊙ g + b)·outScale.
/// shift + delta is the row mean split into a float and its remainder (0 for RMS norms); outScale is
/// LayerNorm Scaling's 1/sqrt(ℓ), 1 otherwise. <typeparamref name="TForm"/> drops the subtractions of
/// 0 and the multiply by 1 where they are exactly that (<see cref="NormalizeForms"/>): the same bits,
/// three fewer vector ops per vector for every RMS-family norm (<see cref="ScaleOnly"/>), one for LayerNorm (<see cref="CenterOnly"/>).
/// </summary>
public readonly struct NormalizeOp<TAffine, TForm> : IMapOp
    where TAffine : struct, IAffineShape where TForm : struct, INormalizeForm
{
    // Broadcast once per row, not in every iteration: the op lives on the stack, and the JIT, which cannot
    // rule out that the loop's stores alias it, reloaded and re-broadcast each float field per vector
    // (8 extra instructions in the loop, 4 of them on the shuffle port). Vector fields fold into the arithmetic as memory operands.
    private readonly Vector512<float> shift, delta, scale, outScale;

    public NormalizeOp(float shift, float delta, float scale, float outScale) =>
        (this.shift, this.delta, this.scale, this.outScale) = (Vector512.Create(shift), Vector512.Create(delta), Vector512.Create(scale), Vector512.Create(outScale));

    public static bool ReadsB => TAffine.HasGain;
    public static bool ReadsC => TAffine.HasBias;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float g, float b)
    {
        float n = (TForm.Centers ? x - shift.ToScalar() - delta.ToScalar() : x) * scale.ToScalar();
        if (TAffine.HasGain) n *= g;
        if (TAffine.HasBias) n += b;
        return TForm.Rescales ? n * outScale.ToScalar() : n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> g, Vector128<float> b)
    {
        var n = (TForm.Centers ? x - shift.GetLower().GetLower() - delta.GetLower().GetLower() : x) * scale.GetLower().GetLower();
        if (TAffine.HasGain) n *= g;
        if (TAffine.HasBias) n += b;
        return TForm.Rescales ? n * outScale.GetLower().GetLower() : n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> g, Vector256<float> b)
    {
        var n = (TForm.Centers ? x - shift.GetLower() - delta.GetLower() : x) * scale.GetLower();
        if (TAffine.HasGain) n *= g;
        if (TAffine.HasBias) n += b;
        return TForm.Rescales ? n * outScale.GetLower() : n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> g, Vector512<float> b)
    {
        var n = (TForm.Centers ? x - shift - delta : x) * scale;
        if (TAffine.HasGain) n *= g;
        if (TAffine.HasBias) n += b;
        return TForm.Rescales ? n * outScale : n;
    }
}

/// <summary>Which steps of <see cref="NormalizeOp{TAffine, TForm}"/> run (<see cref="NormalizeForms"/> says where a step may be dropped).</summary>
public interface INormalizeForm
{
    static abstract bool Centers { get; }
    static abstract bool Rescales { get; }
}

/// <summary>The forms of the apply, and which one a row may take.</summary>
public static class NormalizeForms
{
    /// <summary>
    /// Whether centering can be dropped: x − (+0) − (+0) = x exactly for every x (±0, NaN, ±Inf included). A −0 shift or delta
    /// would turn x = −0 into +0, so the zeros are compared by their bits.
    /// </summary>
    public static bool CenteringIsIdentity(float shift, float delta) =>
        BitConverter.SingleToUInt32Bits(shift) == 0 && BitConverter.SingleToUInt32Bits(delta) == 0;

    /// <summary>Whether the output scale can be dropped: n·1 = n exactly for every n.</summary>
    public static bool RescaleIsIdentity(float outScale) => outScale == 1;
}

/// <summary>Every step: LayerNorm Scaling (centering and the output scale).</summary>
public readonly struct FullForm : INormalizeForm
{
    public static bool Centers => true;
    public static bool Rescales => true;
}

/// <summary>Centering without the output scale: LayerNorm (outScale = 1).</summary>
public readonly struct CenterOnly : INormalizeForm
{
    public static bool Centers => true;
    public static bool Rescales => false;
}

/// <summary>x·scale only: RMS-family rows (shift = delta = 0) with outScale = 1.</summary>
public readonly struct ScaleOnly : INormalizeForm
{
    public static bool Centers => false;
    public static bool Rescales => false;
}

/// <summary>y = a: a storage conversion when input and output storage differ (a float16 row widened into float32).</summary>
public readonly struct CopyOp : IMapOp
{
    public static bool ReadsB => false;
    public static bool ReadsC => false;

    public float Invoke(float a, float b, float c) => a;
    public Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) => a;
    public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) => a;
    public Vector512<float> Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) => a;
}

/// <summary>y = a + b: the residual adds.</summary>
public readonly struct AddOp : IMapOp
{
    public static bool ReadsC => false;

    public float Invoke(float a, float b, float c) => a + b;
    public Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) => a + b;
    public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) => a + b;
    public Vector512<float> Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) => a + b;
}

/// <summary>y = a + s·b: one row of W* accumulated into the output row (FlashNorm's matmul).</summary>
public readonly struct AxpyOp(float s) : IMapOp
{
    public static bool ReadsC => false;

    public float Invoke(float a, float b, float c) => a + s * b;
    public Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) => a + Vector128.Create(s) * b;
    public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) => a + Vector256.Create(s) * b;
    public Vector512<float> Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) => a + Vector512.Create(s) * b;
}

/// <summary>
/// FlashNorm's epilogue: inputs (acc = x·W*, colsum = 1ᵀW*, c*); y = ((acc − shift·colsum) − delta·colsum)·scale + c*.
/// For the RMS form shift = delta = 0.
/// </summary>
public readonly struct DeferredNormalizeOp(float shift, float delta, float scale) : IMapOp
{
    public float Invoke(float acc, float colSum, float c) => (acc - shift * colSum - delta * colSum) * scale + c;

    public Vector128<float> Invoke(Vector128<float> acc, Vector128<float> colSum, Vector128<float> c) =>
        (acc - Vector128.Create(shift) * colSum - Vector128.Create(delta) * colSum) * Vector128.Create(scale) + c;

    public Vector256<float> Invoke(Vector256<float> acc, Vector256<float> colSum, Vector256<float> c) =>
        (acc - Vector256.Create(shift) * colSum - Vector256.Create(delta) * colSum) * Vector256.Create(scale) + c;

    public Vector512<float> Invoke(Vector512<float> acc, Vector512<float> colSum, Vector512<float> c) =>
        (acc - Vector512.Create(shift) * colSum - Vector512.Create(delta) * colSum) * Vector512.Create(scale) + c;
}

/// <summary>
/// Backward dx: inputs (x, dy, g); with n = ((x − shift) − delta)·scale, dn = dy ⊙ g:
/// dx = (dn − meanDn − n·meanDnN)·scale. LayerNorm, RMSNorm (meanDn = 0) and CRMSNorm (meanDn = s/r·meanDnN) share it.
/// </summary>
public readonly struct InputGradOp<TAffine>(float shift, float delta, float scale, float meanDn, float meanDnN) : IMapOp
    where TAffine : struct, IAffineShape
{
    public float Invoke(float x, float dy, float g)
    {
        float dn = TAffine.HasGain ? dy * g : dy;
        return (dn - meanDn - (x - shift - delta) * scale * meanDnN) * scale;
    }

    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> dy, Vector128<float> g)
    {
        var dn = TAffine.HasGain ? dy * g : dy;
        var n = (x - Vector128.Create(shift) - Vector128.Create(delta)) * Vector128.Create(scale);
        return (dn - Vector128.Create(meanDn) - n * Vector128.Create(meanDnN)) * Vector128.Create(scale);
    }

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> dy, Vector256<float> g)
    {
        var dn = TAffine.HasGain ? dy * g : dy;
        var n = (x - Vector256.Create(shift) - Vector256.Create(delta)) * Vector256.Create(scale);
        return (dn - Vector256.Create(meanDn) - n * Vector256.Create(meanDnN)) * Vector256.Create(scale);
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy, Vector512<float> g)
    {
        var dn = TAffine.HasGain ? dy * g : dy;
        var n = (x - Vector512.Create(shift) - Vector512.Create(delta)) * Vector512.Create(scale);
        return (dn - Vector512.Create(meanDn) - n * Vector512.Create(meanDnN)) * Vector512.Create(scale);
    }
}

/// <summary>dgain += dy ⊙ n: inputs (dgain, dy, x), n = ((x − shift) − delta)·scale.</summary>
public readonly struct GainGradOp(float shift, float delta, float scale) : IMapOp
{
    public float Invoke(float acc, float dy, float x) => acc + dy * ((x - shift - delta) * scale);

    public Vector128<float> Invoke(Vector128<float> acc, Vector128<float> dy, Vector128<float> x) =>
        acc + dy * ((x - Vector128.Create(shift) - Vector128.Create(delta)) * Vector128.Create(scale));

    public Vector256<float> Invoke(Vector256<float> acc, Vector256<float> dy, Vector256<float> x) =>
        acc + dy * ((x - Vector256.Create(shift) - Vector256.Create(delta)) * Vector256.Create(scale));

    public Vector512<float> Invoke(Vector512<float> acc, Vector512<float> dy, Vector512<float> x) =>
        acc + dy * ((x - Vector512.Create(shift) - Vector512.Create(delta)) * Vector512.Create(scale));
}
