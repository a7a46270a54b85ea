using NormLab.Kernels;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NormLab.Bench.Anchors;

/// <summary>
/// ONNX Runtime (CPU) running one normalization node on the benchmark's own pinned buffers: the
/// inputs and the output are bound once through IOBinding as OrtValues over those arrays, so a
/// Run neither allocates nor copies and session overhead is not what is measured. Intra-op threads
/// = all cores, the same as our kernels, for a fair all-core comparison.
/// </summary>
public sealed unsafe class OrtNormAnchor : IDisposable
{
    private readonly InferenceSession session;
    private readonly OrtIoBinding binding;
    private readonly RunOptions runOptions = new();
    private readonly List<OrtValue> values = [];
    private readonly int elementBytes;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(OrtNormForm, Dtype), string?> Refusals = new();

    public OrtNormAnchor(OrtNormForm form, Dtype dtype, Array x, Array gain, Array? bias, Array y, int rows, int d, float eps)
    {
        Form = form;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(OrtNormGraph.Build(form, dtype, rows, d, eps), options);
        binding = session.CreateIoBinding();
        var type = dtype switch
        {
            Dtype.Float32 => TensorElementType.Float,
            Dtype.Float16 => TensorElementType.Float16,
            _ => TensorElementType.BFloat16,
        };
        elementBytes = dtype.Bytes();
        binding.BindInput("X", Wrap(x, type, [rows, d]));
        binding.BindInput("Scale", Wrap(gain, type, [d]));
        if (form.HasBias) binding.BindInput("B", Wrap(bias ?? throw new ArgumentNullException(nameof(bias)), type, [d]));
        binding.BindOutput("Y", Wrap(y, type, [rows, d]));
    }

    public OrtNormForm Form { get; }

    public void Run() => session.RunWithBinding(runOptions, binding);

    /// <summary>Creates a session for the form, or returns the reason ORT refused it (asked once per form and dtype).</summary>
    public static string? WhyNotSupported(OrtNormForm form, Dtype dtype) => Refusals.GetOrAdd((form, dtype), key => Probe(key.Item1, key.Item2));

    private static string? Probe(OrtNormForm form, Dtype dtype)
    {
        try
        {
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            using var probe = new InferenceSession(OrtNormGraph.Build(form, dtype, 2, 8, 1e-5f), options);
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return e.Message.Split('\n')[0];
        }
    }

    /// <summary>Wraps a pinned array (allocated with pinned: true) without copying.</summary>
    private OrtValue Wrap(Array array, TensorElementType type, long[] shape)
    {
        var pointer = System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, type, shape, pointer,
            (long)array.Length * elementBytes);
        values.Add(value);
        return value;
    }

    public void Dispose()
    {
        binding.Dispose();
        foreach (var value in values) value.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
