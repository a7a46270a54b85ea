using Microsoft.ML.OnnxRuntime;

namespace NormLab.Bench.Models;

/// <summary>
/// One exported model in ONNX Runtime (CPU, intra-op threads = all cores, full graph
/// optimization) with its token input and logits output pre-allocated and bound once, so a run
/// times the model, not allocation or copies.
/// </summary>
public sealed class OrtModelSession : IDisposable
{
    private readonly InferenceSession session;
    private readonly OrtIoBinding binding;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue tokens, logits;

    public OrtModelSession(byte[] onnx, long[] tokenIds, int batch, int seq, int vocab)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(onnx, options);
        Logits = new float[batch * seq * vocab];
        tokens = OrtValue.CreateTensorValueFromMemory(tokenIds, [batch, seq]);
        logits = OrtValue.CreateTensorValueFromMemory(Logits, [batch, seq, vocab]);
        binding = session.CreateIoBinding();
        binding.BindInput("tokens", tokens);
        binding.BindOutput("logits", logits);
    }

    /// <summary>The output of the last run.</summary>
    public float[] Logits { get; }

    public void Run() => session.RunWithBinding(runOptions, binding);

    public void Dispose()
    {
        binding.Dispose();
        tokens.Dispose();
        logits.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
