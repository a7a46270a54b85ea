using System.Numerics;
using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// Loads a model's tensors in the working precision, checking their shapes against the description.
/// Nothing is cached: each call reads (or generates, or converts) the tensor anew, so a forward's
/// memory is what it currently holds.
/// </summary>
public sealed class PrecisionWeights<T>(NeutralModel model) where T : unmanaged, IFloatingPointIeee754<T>
{
    public NeutralModel Model => model;

    public T[] Matrix(string module, int outDim, int inDim) =>
        Cast(model.Weights.Load(TensorNames.Weight(module)).Expect(outDim, inDim).Data);

    public T[]? Bias(string module, int outDim) => Vector(TensorNames.Bias(module), outDim);

    public T[]? Vector(string name, int length) =>
        model.Weights.Contains(name) ? Cast(model.Weights.Load(name).Expect(length).Data) : null;

    public T[] Required(string name, params int[] shape) => Cast(model.Weights.Load(name).Expect(shape).Data);

    public static T[] Cast(double[] data)
    {
        if (typeof(T) == typeof(double)) return (T[])(object)data;
        var result = new T[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = T.CreateTruncating(data[i]);
        return result;
    }
}
