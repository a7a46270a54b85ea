using ILGPU;
using ILGPU.Algorithms;

namespace NormLab.Cuda.Kernels;

/// <summary>
/// A row's normalization, as n_i = ((v_i − Shift) − Offset) · Inv.
/// LayerNorm: Shift = v_0 (shifted data: v − v_0 is exact for a row whose mean dwarfs its spread, e.g.
/// mean 1e4, std 1), Offset = mean(v − v_0), Inv = 1/sqrt(var + eps) with var from a second pass over
/// the centred values (two-pass). RMS forms: Shift = Offset = 0. The second pass divides by a power
/// of two Scale ≥ the largest magnitude, so squares neither overflow (|x| ~ 1e30) nor lose range;
/// Inv is NaN when the row holds NaN/±Inf (the lab's NonFinite rule).
/// </summary>
public readonly struct GpuRowStats
{
    public readonly float Shift, Offset, Inv;

    public GpuRowStats(float shift, float offset, float inv)
    {
        Shift = shift;
        Offset = offset;
        Inv = inv;
    }

    public float Normalize(float v) => ((v - Shift) - Offset) * Inv;

    /// <summary>Per-thread sums of the first pass: Σ(v − shift) (compensated) and max|v − shift| over the
    /// statistic's elements, and Σ 0·v over the whole row (NaN iff some element is NaN/±Inf).</summary>
    public struct FirstPass
    {
        public CompensatedSum Sum;
        public float MaxAbs, NonFinite;

        public void Add(float v, float shift, bool inStatistic)
        {
            NonFinite += v * 0f;
            if (!inStatistic) return;
            float c = v - shift;
            Sum.Add(c);
            MaxAbs = XMath.Max(MaxAbs, XMath.Abs(c));
        }
    }

    /// <summary>The centring and scale the second pass needs, from the reduced first pass.</summary>
    public static (float Offset, float InvScale) Centre<T>(RowNormArgs<T> a, float sum, float maxAbs)
        where T : unmanaged
    {
        bool centred = a.Kind == RowNormArgs<T>.LayerNormKind;
        float offset = centred ? sum / a.StatCount : 0f;
        // |((v − shift) − offset)| ≤ 2·max|v − shift| for LayerNorm.
        return (offset, 1f / PowerOfTwoAbove(centred ? 2f * maxAbs : maxAbs));
    }

    /// <summary>One element's scaled square for the second pass.</summary>
    public static float ScaledSquare(float v, float shift, float offset, float invScale)
    {
        float c = ((v - shift) - offset) * invScale;
        return c * c;
    }

    /// <summary>Inv from the reduced sums: q = Σ(c/scale)², plus (Σx̂/scale)² for CRMSNorm.</summary>
    public static GpuRowStats Finish<T>(RowNormArgs<T> a, float shift, float offset, float sum, float invScale,
        float squares, float nonFinite) where T : unmanaged
    {
        if (a.Kind == RowNormArgs<T>.CRmsNormKind)
        {
            float s = sum * invScale;
            squares += s * s;
        }
        float inv = InvRootMean(squares / a.Divisor, 1f / invScale, a.Eps);
        return new GpuRowStats(shift, offset, nonFinite == 0f ? inv : float.NaN);
    }

    /// <summary>1/sqrt(m·scale² + eps) for a mean m of scaled squares, without forming scale² when it
    /// would overflow (scale ≥ 1) or eps/scale² when that would (scale &lt; 1).</summary>
    public static float InvRootMean(float meanScaled, float scale, float eps)
    {
        if (scale >= 1f)
        {
            float invScale = 1f / scale;
            return invScale / XMath.Sqrt(meanScaled + eps * invScale * invScale);
        }
        return 1f / XMath.Sqrt(meanScaled * scale * scale + eps);
    }

    /// <summary>The smallest power of two above m (m ≥ 0), at most 2^127; 1 for m = 0.</summary>
    public static float PowerOfTwoAbove(float m)
    {
        if (!(m > 0f)) return 1f;
        int biasedExponent = (int)((Interop.FloatAsInt(m) >> 23) & 0xff);
        int k = biasedExponent < 253 ? biasedExponent + 1 : 254;
        return Interop.IntAsFloat((uint)k << 23);
    }
}
