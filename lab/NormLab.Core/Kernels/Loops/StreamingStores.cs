namespace NormLab.Kernels.Loops;

/// <summary>When a forward call writes its output with non-temporal stores.</summary>
public static class StreamingStores
{
    /// <summary>
    /// 32 MiB of output per call. Well above a core's L2 and most desktop L3s, so such an output does not
    /// stay cached for the next reader anyway; skipping the read-for-ownership then saves a third of
    /// the DRAM traffic of a read-x/write-y kernel. Smaller outputs are stored normally (they may be
    /// read back from cache).
    /// </summary>
    public const long MinBytes = 32L << 20;

    public static bool Pay(long outputBytes) => outputBytes >= MinBytes;
}
