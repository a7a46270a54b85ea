namespace NormLab.Check;

/// <summary>
/// A backend that was asked for cannot run on this machine (e.g. "cuda" without a CUDA device). The
/// CLI prints the message and exits with <see cref="ExitCode"/>; it needs to know no backend's types.
/// </summary>
public class BackendUnavailableException(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
