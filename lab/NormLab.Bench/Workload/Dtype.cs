namespace NormLab.Bench.Workload;

/// <summary>Storage type of a kernel's tensors (accumulation is float32 for both).</summary>
public enum Dtype
{
    Float32,
    Float16,
}

public static class DtypeNames
{
    /// <summary>The JSON/report spelling, as `normlab check` writes it.</summary>
    public static string Name(this Dtype dtype) => dtype == Dtype.Float32 ? "float32" : "float16";

    public static int Bytes(this Dtype dtype) => dtype == Dtype.Float32 ? 4 : 2;
}
