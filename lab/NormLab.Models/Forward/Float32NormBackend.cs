using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// Float32 norms, computed in float32 throughout (statistics accumulated in float). A plain row loop
/// until the lab's NormLab.Kernels CPU kernels land; the forward reaches it only through
/// <see cref="INormBackend{T}"/>.
/// </summary>
public sealed class Float32NormBackend : INormBackend<float>
{
    public static readonly Float32NormBackend Instance = new();

    public void Normalize(NormType type, float[] x, int width, int fullDim, float[]? gain, float[]? bias, double eps, float[] y)
    {
        if (type == NormType.None) { x.CopyTo(y, 0); return; }
        for (int r = 0; r < x.Length / width; r++)
        {
            var xr = x.AsSpan(r * width, width);
            var yr = y.AsSpan(r * width, width);
            float mean = type == NormType.LayerNorm ? Sum(xr) / width : 0f;
            float inv = type == NormType.LayerNorm ? InvStd(xr, mean, (float)eps) : InvRms(type, xr, fullDim, (float)eps);
            for (int i = 0; i < width; i++)
                yr[i] = (xr[i] - mean) * inv * (gain?[i] ?? 1f) + (bias?[i] ?? 0f);
        }
    }

    public void InverseRms(NormType type, float[] x, int width, int fullDim, double eps, float[] inverse)
    {
        for (int r = 0; r < inverse.Length; r++) inverse[r] = InvRms(type, x.AsSpan(r * width, width), fullDim, (float)eps);
    }

    private static float InvRms(NormType type, ReadOnlySpan<float> xr, int fullDim, float eps)
    {
        float sq = 0f;
        foreach (float v in xr) sq += v * v;
        if (type == NormType.CRmsNorm) { float s = Sum(xr); sq += s * s; }
        return 1f / MathF.Sqrt(sq / fullDim + eps);
    }

    private static float InvStd(ReadOnlySpan<float> xr, float mean, float eps)
    {
        float sq = 0f;
        foreach (float v in xr) sq += (v - mean) * (v - mean);
        return 1f / MathF.Sqrt(sq / xr.Length + eps);
    }

    private static float Sum(ReadOnlySpan<float> xr)
    {
        float s = 0f;
        foreach (float v in xr) s += v;
        return s;
    }
}
