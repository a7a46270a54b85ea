namespace NormLab;

/// <summary>
/// A command line the lab cannot act on (an unknown value, a missing choice, an output that would
/// overwrite an input). Like <see cref="InvalidDataException"/> for bad files, it is reported as one
/// line and exit code 2, without a stack trace.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
