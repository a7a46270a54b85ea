namespace NormLab.Cuda.Check;

/// <summary>Thrown when the "cuda" backend is asked for on a machine without a usable CUDA device;
/// the CLI prints the message and exits 2.</summary>
public sealed class NoCudaDeviceException(string reason) : Exception($"--backend cuda: {reason}.")
{
    public const int ExitCode = 2;
}
