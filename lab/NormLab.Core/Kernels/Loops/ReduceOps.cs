using System.Runtime.Intrinsics;

namespace NormLab.Kernels.Loops;

/// <summary>(Σa, 0).</summary>
public readonly struct SumOp : IReduceOp
{
    public static bool ReadsB => false;
    public static bool ReadsC => false;
    public static bool HasSecond => false;

    public (float, float) Invoke(float a, float b, float c) => (a, 0);
    public (Vector128<float>, Vector128<float>) Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) => (a, Vector128<float>.Zero);
    public (Vector256<float>, Vector256<float>) Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) => (a, Vector256<float>.Zero);
    public (Vector512<float>, Vector512<float>) Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) => (a, Vector512<float>.Zero);
}

/// <summary>(Σa², 0): RMSNorm's statistic.</summary>
public readonly struct SquareOp : IReduceOp
{
    public static bool ReadsB => false;
    public static bool ReadsC => false;
    public static bool HasSecond => false;

    public (float, float) Invoke(float a, float b, float c) => (a * a, 0);
    public (Vector128<float>, Vector128<float>) Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) => (a * a, Vector128<float>.Zero);
    public (Vector256<float>, Vector256<float>) Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) => (a * a, Vector256<float>.Zero);
    public (Vector512<float>, Vector512<float>) Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) => (a * a, Vector512<float>.Zero);
}

/// <summary>(Σa, Σa²) in one read: CRMSNorm needs both.</summary>
public readonly struct SumAndSquareOp : IReduceOp
{
    public static bool ReadsB => false;
    public static bool ReadsC => false;

    public (float, float) Invoke(float a, float b, float c) => (a, a * a);
    public (Vector128<float>, Vector128<float>) Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) => (a, a * a);
    public (Vector256<float>, Vector256<float>) Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) => (a, a * a);
    public (Vector512<float>, Vector512<float>) Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) => (a, a * a);
}

/// <summary>
/// (Σ(a−μ), Σ(a−μ)²): LayerNorm's second pass. The first sum is the rounding error of μ, which the
/// corrected two-pass algorithm subtracts (Chan, Golub and LeVeque 1983).
/// </summary>
public readonly struct CenteredMomentsOp(float mean) : IReduceOp
{
    public static bool ReadsB => false;
    public static bool ReadsC => false;

    public (float, float) Invoke(float a, float b, float c) { float t = a - mean; return (t, t * t); }
    public (Vector128<float>, Vector128<float>) Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) { var t = a - Vector128.Create(mean); return (t, t * t); }
    public (Vector256<float>, Vector256<float>) Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) { var t = a - Vector256.Create(mean); return (t, t * t); }
    public (Vector512<float>, Vector512<float>) Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) { var t = a - Vector512.Create(mean); return (t, t * t); }
}

/// <summary>(Σ a·0, 0): NaN exactly when the row holds a NaN or ±Inf (pRMSNorm's unread tail).</summary>
public readonly struct NonFiniteProbeOp : IReduceOp
{
    public static bool ReadsB => false;
    public static bool ReadsC => false;
    public static bool HasSecond => false;

    public (float, float) Invoke(float a, float b, float c) => (a * 0, 0);
    public (Vector128<float>, Vector128<float>) Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) => (a * Vector128<float>.Zero, Vector128<float>.Zero);
    public (Vector256<float>, Vector256<float>) Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) => (a * Vector256<float>.Zero, Vector256<float>.Zero);
    public (Vector512<float>, Vector512<float>) Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) => (a * Vector512<float>.Zero, Vector512<float>.Zero);
}

/// <summary>
/// Backward: inputs (x, dy, g); with n = ((x − shift) − delta)·scale and dn = dy ⊙ g, yields (Σdn, Σdn·n).
/// </summary>
public readonly struct BackwardMomentsOp<TAffine>(float shift, float delta, float scale) : IReduceOp where TAffine : struct, IAffineShape
{
    public (float, float) Invoke(float x, float dy, float g)
    {
        float dn = TAffine.HasGain ? dy * g : dy;
        return (dn, dn * ((x - shift - delta) * scale));
    }

    public (Vector128<float>, Vector128<float>) Invoke(Vector128<float> x, Vector128<float> dy, Vector128<float> g)
    {
        var dn = TAffine.HasGain ? dy * g : dy;
        return (dn, dn * ((x - Vector128.Create(shift) - Vector128.Create(delta)) * Vector128.Create(scale)));
    }

    public (Vector256<float>, Vector256<float>) Invoke(Vector256<float> x, Vector256<float> dy, Vector256<float> g)
    {
        var dn = TAffine.HasGain ? dy * g : dy;
        return (dn, dn * ((x - Vector256.Create(shift) - Vector256.Create(delta)) * Vector256.Create(scale)));
    }

    public (Vector512<float>, Vector512<float>) Invoke(Vector512<float> x, Vector512<float> dy, Vector512<float> g)
    {
        var dn = TAffine.HasGain ? dy * g : dy;
        return (dn, dn * ((x - Vector512.Create(shift) - Vector512.Create(delta)) * Vector512.Create(scale)));
    }
}
