using NormLab.Check;
using NormLab.Cuda.Kernels;
using NormLab.Cuda.Runtime;
using NormLab.Kernels;
using NormLab.Variants;

namespace NormLab.Cuda.Check;

/// <summary>
/// The ILGPU kernels as a `normlab check` backend: "cuda" on a GPU, "ilgpu-cpu" on ILGPU's CPU
/// accelerator, at one kernel version (v1, v2, v3) or the chooser's pick ("auto", as in production).
/// llm.c's harness shape: the versions of one device are separate backends over one
/// <see cref="IlgpuSession"/>, so the check builds each case and its float64 reference once and holds
/// every version to the same metric and bounds. Every variant in float32 and float16 storage except
/// FlashNorm (float32 only, one kernel of its own: run by "auto" only) and CRMSNorm backward (not a GPU kernel here).
/// </summary>
public sealed class IlgpuKernelBackend : IKernelBackend, IDisposable
{
    private readonly IlgpuSession session;
    private readonly KernelVersion? version;
    private readonly bool ownsSession;

    private IlgpuKernelBackend(IlgpuSession session, KernelVersion? version, bool ownsSession) =>
        (this.session, this.version, this.ownsSession) = (session, version, ownsSession);

    public string Name => session.Device.BackendName;

    /// <summary>"v1", "v2", "v3", or "auto" (the launch plan's choice per shape).</summary>
    public string Version => version?.Tag() ?? "auto";

    /// <summary>The ILGPU CPU accelerator backend at the chooser's version (always available).</summary>
    public static IlgpuKernelBackend CreateCpu() => new(new IlgpuSession(GpuDevice.CreateCpu()), null, ownsSession: true);

    /// <summary>The CUDA backend at the chooser's version, or <see cref="NoCudaDeviceException"/> saying why there is none.</summary>
    public static IlgpuKernelBackend CreateCuda() =>
        new(new IlgpuSession(GpuDevice.TryCreateCuda(out string reason) ?? throw new NoCudaDeviceException(reason)), null, ownsSession: true);

    /// <summary>One backend per requested version over one device: "auto", "v1", "v2", "v3", or "all" (v1, v2, v3 and auto). The first owns the device.</summary>
    public static IReadOnlyList<IlgpuKernelBackend> Versions(GpuDevice device, string selection)
    {
        var session = new IlgpuSession(device);
        var versions = ParseVersions(selection);
        return versions.Select((v, i) => new IlgpuKernelBackend(session, v, ownsSession: i == 0)).ToArray();
    }

    /// <summary>The versions a --version value names, in run order; a bad value is an <see cref="ArgumentException"/> naming it.</summary>
    public static IReadOnlyList<KernelVersion?> ParseVersions(string selection) => selection.ToLowerInvariant() switch
    {
        "auto" => [null],
        "all" => [.. KernelVersions.All.Cast<KernelVersion?>(), null],
        _ => [KernelVersions.All.FirstOrDefault(v => v.Tag() == selection.ToLowerInvariant()) is var v && v != default ? v
            : throw new ArgumentException($"--version '{selection}': expected v1, v2, v3, auto or all", nameof(selection))],
    };

    /// <summary>What <see cref="GpuVariants.Supports"/> says for this backend's version.</summary>
    public bool Supports(NormVariant variant, Dtype dtype) => GpuVariants.Supports(VariantRegistry.Of(variant), dtype, version);

    /// <summary>v3 moves packs of 4: rows whose stored width is not a multiple of 4 have no v3 launch (CRMSNorm's rows are d − 1 wide).</summary>
    public bool Supports(CasePlan plan) =>
        Supports(plan.Variant, plan.DType) && (version is not { } v || v.Supports(VariantRegistry.Of(plan.Variant).Width(plan.D)));

    public float[][] Run(CheckCase c) => session.Run(c, version);

    public void Dispose()
    {
        if (ownsSession) session.Dispose();
    }
}
