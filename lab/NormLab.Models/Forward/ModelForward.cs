using System.Numerics;
using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// Runs a neutral model, streaming: entry → block 1 … L (each loads its weights, runs, drops them)
/// → final norm → head (or, headless, the final norm's output in full width d). float64 uses the references for its norms, float32 the CPU kernels.
/// </summary>
public sealed class ModelForward<T>(NeutralModel model, INormBackend<T> norms) where T : unmanaged, IFloatingPointIeee754<T>
{
    public NeutralModel Model => model;

    public ForwardResult<T> Run(ForwardInput input, ForwardObserver<T>? observer = null)
    {
        var c = model.Config;
        c.Validate();
        int length = c.StreamRows(input.RowsPerSequence), rows = length * input.Sequences, width = c.StreamDim;
        if (length > c.MaxSeq) throw new ArgumentException($"{length} positions exceed the model's MaxSeq {c.MaxSeq}.", nameof(input));
        var weights = new PrecisionWeights<T>(model);
        var norm = new NormStep<T>(weights, norms, observer);

        var x = PrecisionWeights<T>.Cast(Entry.Build(model, input));
        observer?.OnEntry(x, rows, width);
        var block = new BlockForward<T>(weights, norm, observer, input.Sequences);
        for (int layer = 1; layer <= c.Layers; layer++) x = block.Run(layer, x, rows);
        if (c.Pooling == PoolingKind.ClassToken) (x, rows) = (ClassRows(x, input.Sequences, length * width, width), input.Sequences);

        // Without a head the final norm has no reader to defer into: it is always formed, in full width.
        if (c.Head == HeadKind.None)
            return c.CompressedStream
                ? new ForwardResult<T>(norm.CompressedExit(x, rows, c.Layers + 1), rows, c.Dim, IsLogits: false)
                : new ForwardResult<T>(norm.Output(TensorNames.FinalNorm, NormSite.Final, c.Layers + 1, x, rows), rows, width, IsLogits: false);
        var (z, rowScale) = norm.Input(TensorNames.FinalNorm, NormSite.Final, c.Layers + 1, x, rows);
        var head = c.Head == HeadKind.Tied
            ? weights.Required(TensorNames.TokenEmbedding, c.Vocab, width)
            : weights.Matrix(TensorNames.Head, c.Vocab, width);
        var bias = c.Head == HeadKind.Tied ? null : weights.Bias(TensorNames.Head, c.Vocab);
        return new ForwardResult<T>(Linear.Apply(z, rows, width, head, c.Vocab, bias, rowScale), rows, c.Vocab, IsLogits: true);
    }

    /// <summary>Row 0 (the class token) of every sequence.</summary>
    private static T[] ClassRows(T[] x, int sequences, int stride, int width)
    {
        var y = new T[sequences * width];
        for (int s = 0; s < sequences; s++) Array.Copy(x, s * stride, y, s * width, width);
        return y;
    }
}

/// <summary>Ready-made forwards in the lab's two precisions.</summary>
public static class ModelForward
{
    public static ModelForward<double> Float64(NeutralModel model) => new(model, Float64NormBackend.Instance);
    public static ModelForward<float> Float32(NeutralModel model) => new(model, Float32NormBackend.Instance);
}
