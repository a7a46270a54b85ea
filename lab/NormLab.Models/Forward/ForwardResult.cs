namespace NormLab.Models.Forward;

/// <summary>The model's output: logits (rows × vocab) with a head, else the final norm's output (rows × stream width).</summary>
public sealed record ForwardResult<T>(T[] Output, int Rows, int Width, bool IsLogits) where T : unmanaged;
