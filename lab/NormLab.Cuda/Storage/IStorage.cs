namespace NormLab.Cuda.Storage;

/// <summary>
/// How an element type is stored in device memory and widened to the float32 every kernel
/// accumulates in. Kernels are generic over a struct implementing this, so one kernel body serves
/// float32 and float16 storage (ILGPU specializes the struct's calls away).
/// </summary>
public interface IStorage<T> where T : unmanaged
{
    float Load(T value);
    T Store(float value);
}

/// <summary>float32 storage: loads and stores are plain.</summary>
public readonly struct F32Storage : IStorage<float>
{
    public float Load(float value) => value;
    public float Store(float value) => value;
}

/// <summary>
/// float16 storage (ILGPU.Half) with float32 accumulation. Stores round to nearest even in integer
/// arithmetic: ILGPU 1.5.3's own float → Half conversion truncates on the host and the CPU
/// accelerator (half of all values in [9984, 10016] came out one half-ulp low), which would add up
/// to 2^-10 relative error. Widening (Load) is exact.
/// </summary>
public readonly struct F16Storage : IStorage<ILGPU.Half>
{
    public float Load(ILGPU.Half value) => value;

    public ILGPU.Half Store(float value)
    {
        uint bits = ILGPU.Interop.FloatAsInt(value);
        uint sign = (bits >> 16) & 0x8000u;
        uint abs = bits & 0x7fffffffu;
        if (abs >= 0x7f800000u) return Bits(sign | (abs > 0x7f800000u ? 0x7e00u : 0x7c00u)); // NaN, ±Inf
        if (abs >= 0x477ff000u) return Bits(sign | 0x7c00u);                                // ≥ 65520 rounds to Inf
        if (abs < 0x38800000u)                                                                 // below 2^-14: subnormal
        {
            // k·2^-24: the float addition of 2^23 rounds |v|·2^24 to the nearest even integer.
            float scaled = ILGPU.Interop.IntAsFloat(abs) * 16777216f;
            return Bits(sign | (uint)((scaled + 8388608f) - 8388608f));
        }
        // Rebias the exponent (127 → 15) and round the 13 dropped mantissa bits to nearest even.
        return Bits(sign | ((abs - 0x38000000u + 0xfffu + ((abs >> 13) & 1u)) >> 13));
    }

    private static ILGPU.Half Bits(uint half) => ILGPU.Interop.IntAsFloat((ushort)half);
}
