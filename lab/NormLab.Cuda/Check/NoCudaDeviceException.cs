using NormLab.Check;

namespace NormLab.Cuda.Check;

/// <summary>Thrown when the "cuda" backend is asked for on a machine without a usable CUDA device.</summary>
public sealed class NoCudaDeviceException(string reason) : BackendUnavailableException($"--backend cuda: {reason}.");
