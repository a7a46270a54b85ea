using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// A PP-OCRv4-style recognizer, opened once per run: the ONNX model, its Pre-LN main branch found
/// by the generic <see cref="PreLnRecognizer"/>, the branch's float64 weights, and SVTR's head split.
/// Verification, depth and the ORT comparison all share this one instance and its one ORT session
/// (which also exposes the stage input and the head's output).
/// </summary>
public sealed class PpOcrModel : IDisposable
{
    private readonly Lazy<PpOcrSession> _session;

    private PpOcrModel(string path, ModelProto proto, OnnxGraph graph, PreLnBranch branch)
    {
        var odd = branch.Sublayers.FirstOrDefault(s => s.Readers.Count != 1);
        if (branch.Sublayers.Count % 2 != 0 || odd is not null || branch.FinalReaders.Count != 1)
            throw new InvalidDataException($"{path}: not an SVTR-style recognizer (attention and MLP sublayers in pairs, one fused reader each, one head)"
                + (odd is null ? "" : $": LayerNorm '{odd.Norm.Name}' has {odd.Readers.Count} readers"));
        Path = path;
        Proto = proto;
        Branch = branch;
        Weights = PreLnWeights.Read(graph, branch);
        Attention = SvtrAttentionHeads.Read(graph, branch.Sublayers[0].Readers[0].Linear, branch.Width, path);
        _session = new Lazy<PpOcrSession>(() => new PpOcrSession(Proto, Branch.Entry, HeadOutput));
    }

    public string Path { get; }
    public ModelProto Proto { get; }
    public PreLnBranch Branch { get; }
    public PreLnWeights Weights { get; }
    public (int Heads, int HeadDim) Attention { get; }

    /// <summary>The original in ORT, created on first use.</summary>
    public PpOcrSession Session => _session.Value;

    /// <summary>The head's output tensor (the final norm's 1×1 Conv), exposed to ORT to check the mapping.</summary>
    public string HeadOutput => Branch.FinalReaders[0].Linear.Output;

    public static PpOcrModel Open(string path) => From(OnnxModelFile.Load(path), path);

    public static PpOcrModel From(ModelProto proto, string path)
    {
        var graph = new OnnxGraph(proto.Graph);  // only read: recognition and weights leave the proto as it is
        return new PpOcrModel(path, proto, graph, PreLnRecognizer.Recognize(graph, path));
    }

    public OnnxPreLnConversion Convert(OnnxStageTarget target) => OnnxPreLnConverter.Convert(Proto, target, Path);

    public void Dispose()
    {
        if (_session.IsValueCreated) _session.Value.Dispose();
    }
}
