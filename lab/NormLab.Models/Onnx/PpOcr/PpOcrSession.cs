using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx.PpOcr;

/// <summary>
/// The recognizer in ONNX Runtime (CPU). Extra tensors can be exposed as graph outputs, e.g. the
/// transformer stage's input, to feed the float64 verification with what ORT computed.
/// </summary>
public sealed class PpOcrSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly string _probabilities;

    public PpOcrSession(ModelProto model, params string[] extraOutputs)
    {
        var copy = model.Clone();
        foreach (var name in extraOutputs)
            copy.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        _input = copy.Graph.Input[0].Name;
        _probabilities = copy.Graph.Output[0].Name;
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        _session = new InferenceSession(copy.ToByteArray(), options);
    }

    /// <summary>Probabilities [T, classes] for one image, plus each extra output by name (values and shape).</summary>
    public (float[] Probabilities, int Steps, IReadOnlyDictionary<string, (float[] Values, int[] Shape)> Extras) Run(TextLineImage image)
    {
        var x = new DenseTensor<float>(image.Pixels, [1, 3, TextLineImage.Height, image.Width]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, x)]);
        float[] probs = [];
        int steps = 0;
        var extras = new Dictionary<string, (float[], int[])>();
        foreach (var r in results)
        {
            var t = r.AsTensor<float>();
            if (r.Name == _probabilities) (probs, steps) = (t.ToArray(), t.Dimensions[1]);
            else extras[r.Name] = (t.ToArray(), t.Dimensions.ToArray());
        }
        return (probs, steps, extras);
    }

    public void Dispose() => _session.Dispose();
}
