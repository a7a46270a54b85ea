using ILGPU.Runtime.Cuda;

namespace NormLab.Cuda.Runtime;

/// <summary>
/// The PTX instruction-set override for GPUs/drivers ILGPU 1.5.3 does not map itself. ILGPU 1.5.3
/// knows architectures up to sm_121 (Hopper sm_90 included) and PTX ISA up to 8.8, and picks the
/// highest ISA both it and the driver support. When it cannot (a driver newer than its table
/// leaves the device's InstructionSet unset), Hopper gets ISA 7.8 (CUDA 11.8, the first to know
/// sm_90), which every driver able to run Hopper accepts. NORMLAB_PTX_ISA=major.minor (e.g. 8.0)
/// forces an ISA. Unverified on hardware: no GPU was lent when this was written.
/// </summary>
public static class PtxWorkaround
{
    public const string Variable = "NORMLAB_PTX_ISA";

    public static void Apply(CudaDeviceOverride device)
    {
        var forced = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(forced))
        {
            device.InstructionSet = Parse(forced);
            return;
        }
        if (device.InstructionSet is null && device.Device.Architecture is { Major: >= 9 })
            device.InstructionSet = CudaInstructionSet.ISA_78;
    }

    public static CudaInstructionSet Parse(string text)
    {
        var parts = text.Trim().Split('.');
        if (parts.Length == 2 && int.TryParse(parts[0], out int major) && int.TryParse(parts[1], out int minor))
            return new CudaInstructionSet(major, minor);
        throw new ArgumentException($"{Variable} must look like 8.0 (major.minor), was '{text}'.", nameof(text));
    }
}
