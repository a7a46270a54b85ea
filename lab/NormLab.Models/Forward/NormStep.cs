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
        bool scaled = _c.LayerScaling && kind != NormSite.Final;
        if (!_c.DeferredNorm) return (scaled ? Scaled(site, kind, layer, x) : Output(site, kind, layer, x, rows), null);
        T scale = scaled ? T.One / T.Sqrt(T.CreateTruncating(layer)) : T.One;
        int width = _c.StreamDim;
        if (weights.Model.Weights.Contains(TensorNames.Weight(site)) || weights.Model.Weights.Contains(TensorNames.Bias(site)))
            throw new InvalidDataException($"{site}: a FlashNorm model's norms must have their gain and bias folded into the readers.");
        var inverse = new T[rows];
        norms.InverseRms(_c.Norm, x, width, _c.Dim, Epsilon(kind), inverse);
        for (int r = 0; r < rows; r++) inverse[r] *= scale;
        return (x, inverse);
    }

    /// <summary>
    /// A headless compressed model's exit: CRMSNorm without parameters, the dropped element −Σ put
    /// back, then the final norm's d-wide gain and bias (kept, as nothing reads them to fold into).
    /// </summary>
    public T[] CompressedExit(T[] x, int rows, int layer)
    {
        int m = _c.StreamDim, d = _c.Dim;
        var normed = new T[x.Length];
        norms.Normalize(_c.Norm, x, m, d, null, null, Epsilon(NormSite.Final), normed);
        T[]? gain = weights.Vector(TensorNames.Weight(TensorNames.FinalNorm), d), bias = weights.Vector(TensorNames.Bias(TensorNames.FinalNorm), d);
        var y = new T[rows * d];
        for (int r = 0; r < rows; r++)
        {
            T sum = T.Zero;
            for (int j = 0; j < d; j++)
            {
                T v = j < m ? normed[r * m + j] : -sum;
                if (j < m) sum += v;
                y[r * d + j] = v * (gain is null ? T.One : gain[j]) + (bias is null ? T.Zero : bias[j]);
            }
        }
        observer?.OnNorm(layer, NormSite.Final, y, rows, d);
        return y;
    }

    /// <summary>Norm(x) with the site's parameters.</summary>
    public T[] Output(string site, NormSite kind, int layer, T[] x, int rows)
    {
        int width = _c.StreamDim;
        var y = new T[x.Length];
        norms.Normalize(_c.Norm, x, width, _c.Dim, Gain(site), Bias(site), Epsilon(kind), y);
        observer?.OnNorm(layer, kind, y, rows, width);
        return y;
    }

    /// <summary>
    /// Peri-LN's output side, h = x + Norm(y), through the fused residual kernel. The fused kernel never
    /// forms Norm(y) on its own; an observer is shown it computed separately (its cost only when observed).
    /// </summary>
    public T[] PeriResidual(string site, NormSite kind, int layer, T[] x, T[] y, int rows)
    {
        var h = new T[x.Length];
        norms.PeriResidual(_c.Norm, x, y, _c.StreamDim, Gain(site), Bias(site), Epsilon(kind), h);
        if (observer is not null) Output(site, kind, layer, y, rows);
        return h;
    }

    /// <summary>LayerNorm Scaling's input norm, Norm(x)/sqrt(ℓ), in one kernel pass.</summary>
    private T[] Scaled(string site, NormSite kind, int layer, T[] x)
    {
        int width = _c.StreamDim;
        var y = new T[x.Length];
        norms.NormalizeScaled(_c.Norm, x, width, _c.Dim, Gain(site), Bias(site), Epsilon(kind), layer, y);
        observer?.OnNorm(layer, kind, y, x.Length / width, width);
        return y;
    }

    private T[]? Gain(string site) => weights.Vector(TensorNames.Weight(site), _c.StreamDim);

    private T[]? Bias(string site) => weights.Vector(TensorNames.Bias(site), _c.StreamDim);

    /// <summary>The final norm may have its own epsilon (PP-OCRv4: 1e-6, its blocks 1e-5).</summary>
    private double Epsilon(NormSite kind) => kind == NormSite.Final ? _c.FinalNormEps ?? _c.NormEps : _c.NormEps;
}
