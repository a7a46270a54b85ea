using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NormLab.Models.Onnx.Proto;

using Xunit;

namespace NormLab.Models.Tests;

/// <summary>Runs an ONNX model in ORT CPU on named inputs and returns its first output, flattened.</summary>
public static class OrtGraphRunner
{
    public static float[] Run(ModelProto model, params NamedOnnxValue[] inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        using var results = session.Run(inputs);
        return results.First().AsTensor<float>().ToArray();
    }

    public static NamedOnnxValue Floats(string name, float[] values, params int[] dims) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, dims));

    public static NamedOnnxValue Int64s(string name, long[] values, params int[] dims) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(values, dims));

    /// <summary>max |a − b| / max |b|.</summary>
    public static double RelativeError(float[] actual, float[] reference)
    {
        Assert.Equal(reference.Length, actual.Length);
        double diff = 0, scale = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs((double)actual[i] - reference[i]));
            scale = Math.Max(scale, Math.Abs((double)reference[i]));
        }
        return diff / scale;
    }
}
