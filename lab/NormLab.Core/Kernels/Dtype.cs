namespace NormLab.Kernels;

/// <summary>Storage type of a kernel's tensors, CPU and GPU alike; accumulation is always float32.</summary>
public enum Dtype
{
    Float32,
    Float16,
}

public static class DtypeNames
{
    /// <summary>The name used in JSON rows ("float32", "float16").</summary>
    public static string Name(this Dtype dtype) => dtype == Dtype.Float32 ? "float32" : "float16";

    public static int Bytes(this Dtype dtype) => dtype == Dtype.Float32 ? 4 : 2;
}
