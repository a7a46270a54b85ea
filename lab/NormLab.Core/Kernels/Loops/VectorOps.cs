using System.Runtime.Intrinsics;

namespace NormLab.Kernels.Loops;

/// <summary>
/// An element-wise function of up to three inputs that yields two values to be summed
/// (e.g. Σ(x−μ) and Σ(x−μ)² in one read). Ops that need one sum return zero as the second.
/// Implemented once per width, in the style of TensorPrimitives' operator structs.
/// </summary>
public interface IReduceOp
{
    /// <summary>Whether the op reads its second input; when not, the driver never loads it (the span may be empty).</summary>
    static virtual bool ReadsB => true;

    /// <summary>Whether the op reads its third input (as <see cref="ReadsB"/>).</summary>
    static virtual bool ReadsC => true;

    /// <summary>Whether the second sum is used; when not, the driver does not accumulate it (adding 0.0 is not free).</summary>
    static virtual bool HasSecond => true;

    (float, float) Invoke(float a, float b, float c);
    (Vector128<float>, Vector128<float>) Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c);
    (Vector256<float>, Vector256<float>) Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c);
    (Vector512<float>, Vector512<float>) Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c);
}

/// <summary>An element-wise function of up to three inputs that yields one output element.</summary>
public interface IMapOp
{
    /// <summary>Whether the op reads its second input; when not, the driver never loads it (the span may be empty).</summary>
    static virtual bool ReadsB => true;

    /// <summary>Whether the op reads its third input (as <see cref="ReadsB"/>).</summary>
    static virtual bool ReadsC => true;

    float Invoke(float a, float b, float c);
    Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c);
    Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c);
    Vector512<float> Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c);
}

/// <summary>
/// Which optional per-feature vectors an op applies; static so the JIT removes the unused branch
/// (one op body serves all four gain/bias combinations without a per-element test).
/// </summary>
public interface IAffineShape
{
    static abstract bool HasGain { get; }
    static abstract bool HasBias { get; }
}

public readonly struct NoAffine : IAffineShape
{
    public static bool HasGain => false;
    public static bool HasBias => false;
}

public readonly struct GainOnly : IAffineShape
{
    public static bool HasGain => true;
    public static bool HasBias => false;
}

public readonly struct BiasOnly : IAffineShape
{
    public static bool HasGain => false;
    public static bool HasBias => true;
}

public readonly struct GainAndBias : IAffineShape
{
    public static bool HasGain => true;
    public static bool HasBias => true;
}
