using System.Numerics;
using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// Applies a model's norm at one site with that site's gain/bias (absent tensors = no parameter),
/// reporting the output to the observer.
/// </summary>
internal sealed class NormStep<T>(PrecisionWeights<T> weights, INormBackend<T> norms, ForwardObserver<T>? observer)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ModelConfig _c = weights.Model.Config;

    /// <summary>
    /// The normalized input of a sublayer (or the head), or — FlashNorm — the raw stream with the
    /// per-row 1/rms its readers apply after their matmul. LayerNorm Scaling multiplies a block's
    /// input-norm output by 1/sqrt(ℓ).
    /// </summary>
    public (T[] Input, T[]? RowScale) Input(string site, NormSite kind, int layer, T[] x, int rows)
    {
        T scale = _c.LayerScaling && kind != NormSite.Final ? T.One / T.Sqrt(T.CreateTruncating(layer)) : T.One;
        if (!_c.DeferredNorm) return (Output(site, kind, layer, x, rows, scale), null);
        int width = _c.StreamDim;
        if (weights.Model.Weights.Contains(TensorNames.Weight(site)) || weights.Model.Weights.Contains(TensorNames.Bias(site)))
            throw new InvalidDataException($"{site}: a FlashNorm model's norms must have their gain and bias folded into the readers.");
        var inverse = new T[rows];
        norms.InverseRms(_c.Norm, x, width, _c.Dim, _c.NormEps, inverse);
        for (int r = 0; r < rows; r++) inverse[r] *= scale;
        return (x, inverse);
    }

    /// <summary>Norm(x) with the site's parameters (Peri-LN's output norms use this directly).</summary>
    public T[] Output(string site, NormSite kind, int layer, T[] x, int rows) => Output(site, kind, layer, x, rows, T.One);

    private T[] Output(string site, NormSite kind, int layer, T[] x, int rows, T scale)
    {
        int width = _c.StreamDim;
        var y = new T[x.Length];
        norms.Normalize(_c.Norm, x, width, _c.Dim, weights.Vector(TensorNames.Weight(site), width),
            weights.Vector(TensorNames.Bias(site), width), _c.NormEps, y);
        if (scale != T.One) for (int j = 0; j < y.Length; j++) y[j] *= scale;
        observer?.OnNorm(layer, kind, y, rows, width);
        return y;
    }
}
