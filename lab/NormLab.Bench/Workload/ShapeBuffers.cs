using NormLab.Kernels;

namespace NormLab.Bench.Workload;

/// <summary>The float32, float16 and bfloat16 buffers of one rows × d shape, each allocated on first use.</summary>
public sealed class ShapeBuffers(int rows, int d, int seed)
{
    private NormBuffers<float>? f32;
    private NormBuffers<Half>? f16;
    private NormBuffers<BFloat16>? bf16;

    public int Rows { get; } = rows;
    public int D { get; } = d;

    public NormBuffers<float> F32 => f32 ??= new NormBuffers<float>(Rows, D, seed, v => v);

    public NormBuffers<Half> F16 => f16 ??= new NormBuffers<Half>(Rows, D, seed, v => (Half)v);

    public NormBuffers<BFloat16> BF16 => bf16 ??= new NormBuffers<BFloat16>(Rows, D, seed, v => (BFloat16)v);
}
