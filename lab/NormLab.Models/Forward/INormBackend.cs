using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// The norm arithmetic of one precision: float64 runs the lab's references, float32 the CPU kernels.
/// Rows are <c>width</c> wide; <c>fullDim</c> is d (differs for CRMSNorm).
/// Null gain/bias mean absent.
/// </summary>
public interface INormBackend<T> where T : unmanaged
{
    void Normalize(NormType type, T[] x, int width, int fullDim, T[]? gain, T[]? bias, double eps, T[] y);

    /// <summary>Per row, 1/rms (RMSNorm) or 1/crms (CRMSNorm): FlashNorm's deferred scale.</summary>
    void InverseRms(NormType type, T[] x, int width, int fullDim, double eps, T[] inverse);

    /// <summary>LayerNorm Scaling: Norm(x)·1/sqrt(<paramref name="layer"/>) in one pass where a kernel does it.</summary>
    void NormalizeScaled(NormType type, T[] x, int width, int fullDim, T[]? gain, T[]? bias, double eps, int layer, T[] y);

    /// <summary>Peri-LN's output side fused with the residual add: h = x + Norm(y).</summary>
    void PeriResidual(NormType type, T[] x, T[] y, int width, T[]? gain, T[]? bias, double eps, T[] h);
}
