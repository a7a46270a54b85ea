using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NormLab.Models.Onnx.Proto;
using Google.Protobuf;

namespace NormLab.Models.Vision;

/// <summary>
/// An exported image classifier ("patches" [N, P, PatchDim] → "logits" [N, classes]) in ONNX Runtime
/// (CPU), run over a data set in batches; logits come back one array per input, in order.
/// </summary>
public static class OrtClassifier
{
    /// <summary>Images per ORT run: the lab forward's batch size, so memory stays as small.</summary>
    private const int BatchSize = 250;

    public static float[][] Logits(ModelProto model, DataSet data, int patchDim)
    {
        using var session = new InferenceSession(model.ToByteArray());
        var logits = new float[data.Inputs.Count][];
        for (int start = 0; start < logits.Length; start += BatchSize)
        {
            var batch = data.Inputs.Skip(start).Take(BatchSize).Select(i => i.Input).ToList();
            int patches = batch[0].RowsPerSequence;
            var values = batch.SelectMany(i => i.Sequence!).Select(v => (float)v).ToArray();
            var input = NamedOnnxValue.CreateFromTensor("patches", new DenseTensor<float>(values, [batch.Count, patches, patchDim]));
            using var results = session.Run([input]);
            var output = results.First().AsTensor<float>().ToArray();
            int classes = output.Length / batch.Count;
            for (int i = 0; i < batch.Count; i++) logits[start + i] = output[(i * classes)..((i + 1) * classes)];
        }
        return logits;
    }
}
