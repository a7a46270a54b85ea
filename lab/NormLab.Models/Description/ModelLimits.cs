namespace NormLab.Models.Description;

/// <summary>
/// The largest sizes a model description may declare. Far above any model the lab runs on a CPU
/// (Llama-3-70B: d 8192, 80 layers, vocab 128256), low enough that a hostile header is refused
/// before anything is allocated or enumerated.
/// </summary>
public static class ModelLimits
{
    public const int MaxDim = 1 << 16;
    public const int MaxLayers = 4096;
    public const int MaxHeads = 4096;
    public const int MaxHidden = 1 << 18;
    public const int MaxVocab = 1 << 21;
    public const int MaxSeq = 1 << 20;

    /// <summary>Largest tensor: 2³¹ − 1 elements (a .NET array; also keeps every byte count far from overflow).</summary>
    public const long MaxElements = int.MaxValue;

    /// <summary>The element count of <paramref name="shape"/>, or an error naming <paramref name="where"/> when it is negative or too large.</summary>
    public static long Elements(IReadOnlyList<int> shape, string where)
    {
        long count = 1;
        foreach (int s in shape)
        {
            if (s < 0) throw new InvalidDataException($"{where}: negative dimension in shape [{string.Join(", ", shape)}].");
            if (s != 0 && count > MaxElements / s)
                throw new InvalidDataException($"{where}: shape [{string.Join(", ", shape)}] has more than {MaxElements} elements.");
            count *= s;
        }
        return count;
    }
}
