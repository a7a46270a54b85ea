using System.Numerics;
using NormLab.Models.Description;

namespace NormLab.Models.Forward;

/// <summary>
/// One transformer block: attention then MLP, each as x + [N_out](F(N_in(x))). Loads the block's
/// tensors as it needs them and keeps none, so only one block's weights are alive at a time.
/// </summary>
internal sealed class BlockForward<T>(PrecisionWeights<T> weights, NormStep<T> norm, ForwardObserver<T>? observer, int sequences)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ModelConfig _c = weights.Model.Config;

    /// <summary>Runs block <paramref name="layer"/> (1-based) on the stream, returning the new stream.</summary>
    public T[] Run(int layer, T[] x, int rows)
    {
        int i = layer - 1, width = _c.StreamDim;
        var (attnIn, attnScale) = norm.Input(TensorNames.AttnNorm(i), NormSite.AttentionInput, layer, x, rows);
        var attention = Read(TensorNames.AttnOut(i), SelfAttention(i, attnIn, attnScale, rows), null, rows, _c.StreamDim, _c.QueryDim);
        var mid = Residual(x, attention, TensorNames.AttnOutNorm(i), NormSite.AttentionOutput, layer, rows);
        var (mlpIn, mlpScale) = norm.Input(TensorNames.MlpNorm(i), NormSite.MlpInput, layer, mid, rows);
        var mlp = Read(TensorNames.Down(i), Mlp(i, mlpIn, mlpScale, rows), null, rows, _c.StreamDim, _c.Hidden);
        var after = Residual(mid, mlp, TensorNames.MlpOutNorm(i), NormSite.MlpOutput, layer, rows);
        observer?.OnBlock(layer, x, after, rows, width);
        return after;
    }

    private T[] SelfAttention(int i, T[] input, T[]? rowScale, int rows)
    {
        int width = _c.StreamDim, qd = _c.QueryDim, kvd = _c.KvDim;
        T[] q, k, v;
        if (_c.FusedQkv)
        {
            string m = TensorNames.FusedQkv(i);
            var qkv = Linear.Apply(input, rows, width, weights.Matrix(m, qd + 2 * kvd, width), qd + 2 * kvd, weights.Bias(m, qd + 2 * kvd), rowScale);
            (q, k, v) = (Columns(qkv, rows, qd + 2 * kvd, 0, qd), Columns(qkv, rows, qd + 2 * kvd, qd, kvd), Columns(qkv, rows, qd + 2 * kvd, qd + kvd, kvd));
        }
        else
        {
            q = Read(TensorNames.Query(i), input, rowScale, rows, qd);
            k = Read(TensorNames.Key(i), input, rowScale, rows, kvd);
            v = Read(TensorNames.Value(i), input, rowScale, rows, kvd);
        }
        if (_c.Rotary is { } rotary)
        {
            Rotary.Apply(rotary, q, rows, _c.Heads, _c.HeadDim);
            Rotary.Apply(rotary, k, rows, _c.KvHeads, _c.HeadDim);
        }
        return Attention.Apply(q, k, v, rows, _c.Heads, _c.KvHeads, _c.HeadDim, _c.Causal, sequences);
    }

    private T[] Mlp(int i, T[] input, T[]? rowScale, int rows)
    {
        var up = Read(TensorNames.Up(i), input, rowScale, rows, _c.Hidden);
        if (_c.Mlp != MlpKind.SwiGlu)
        {
            Activations.Apply(_c.Mlp, up);
            return up;
        }
        var gate = Read(TensorNames.Gate(i), input, rowScale, rows, _c.Hidden);
        Activations.SiluGate(gate, up);
        return gate;
    }

    /// <summary>The residual add: x + y, or Peri-LN's x + N_out(y) through the fused kernel.</summary>
    private T[] Residual(T[] x, T[] y, string outNormSite, NormSite kind, int layer, int rows) =>
        _c.Placement == NormPlacement.Peri ? norm.PeriResidual(outNormSite, kind, layer, x, y, rows) : Add(x, y);

    private T[] Read(string module, T[] input, T[]? rowScale, int rows, int outDim, int? inDim = null)
    {
        int inWidth = inDim ?? _c.StreamDim;
        return Linear.Apply(input, rows, inWidth, weights.Matrix(module, outDim, inWidth), outDim, weights.Bias(module, outDim), rowScale);
    }

    private static T[] Columns(T[] x, int rows, int width, int start, int count)
    {
        var y = new T[rows * count];
        for (int r = 0; r < rows; r++) Array.Copy(x, r * width + start, y, r * count, count);
        return y;
    }

    private static T[] Add(T[] a, T[] b)
    {
        var y = new T[a.Length];
        for (int j = 0; j < a.Length; j++) y[j] = a[j] + b[j];
        return y;
    }
}
