namespace NormLab.Models.Onnx;

/// <summary>A linear map y = x·W + Bias with W [In, Out] row-major, in float64.</summary>
public sealed record DenseWeights(double[] W, int In, int Out, double[] Bias);

/// <summary>A norm site's epsilon and, until folded away, its gain and bias.</summary>
public sealed record NormParameters(double Epsilon, double[]? Gain, double[]? Bias);

public sealed record SvtrBlockWeights(NormParameters AttentionNorm, DenseWeights Qkv, DenseWeights AttentionOut,
    NormParameters MlpNorm, DenseWeights MlpUp, DenseWeights MlpDown);

/// <summary>
/// The SVTR stage's numbers in float64, read from the graph once. <see cref="Convert"/> applies the
/// SPEC's rewrites; the ONNX writer rounds the result to float32 once, and the float64
/// verification uses it unrounded, so both check the same arithmetic. The head is the final
/// norm's reader, the 1×1 Conv, as a [d, Cout] map.
/// </summary>
public sealed record SvtrStageWeights(int Width, IReadOnlyList<SvtrBlockWeights> Blocks, NormParameters FinalNorm, DenseWeights Head)
{
    public static SvtrStageWeights Read(OnnxGraph g, SvtrStage stage)
    {
        var blocks = stage.Blocks.Select(b => new SvtrBlockWeights(
            Norm(g, b.AttentionNorm), Dense(g, b.Qkv), Dense(g, b.AttentionOut),
            Norm(g, b.MlpNorm), Dense(g, b.MlpUp), Dense(g, b.MlpDown))).ToList();
        var r = stage.FinalReader;
        int cout = (int)g.Constant(r.WeightName).Dims[0];
        var head = new DenseWeights(StageFolding.Transpose(g.ConstantValues(r.WeightName), cout, stage.Width), stage.Width, cout,
            r.BiasName is { } bias ? g.ConstantValues(bias) : new double[cout]);
        return new SvtrStageWeights(stage.Width, blocks, Norm(g, stage.FinalNorm), head);
    }

    /// <summary>
    /// Pre-RMSNorm: writers (W_o, W_2) recentered over their outputs; each norm's g, b folded into
    /// its reader. Pre-CRMSNorm additionally drops the writers' last output and folds the readers'
    /// last input row into the others. (The explicit entry mean subtraction is not a weight.)
    /// </summary>
    public SvtrStageWeights Convert(OnnxStageTarget target)
    {
        bool compressed = target == OnnxStageTarget.PreCRmsNorm;
        var blocks = Blocks.Select(b => new SvtrBlockWeights(
            Folded(b.AttentionNorm), Reader(b.Qkv, b.AttentionNorm, compressed), Writer(b.AttentionOut, compressed),
            Folded(b.MlpNorm), Reader(b.MlpUp, b.MlpNorm, compressed), Writer(b.MlpDown, compressed))).ToList();
        return new SvtrStageWeights(Width, blocks, Folded(FinalNorm), Reader(Head, FinalNorm, compressed));
    }

    private static DenseWeights Writer(DenseWeights w, bool compressed)
    {
        var m = (double[])w.W.Clone();
        var b = (double[])w.Bias.Clone();
        StageFolding.RecenterColumns(m, w.In, w.Out);
        StageFolding.RecenterColumns(b, 1, w.Out);
        if (!compressed) return w with { W = m, Bias = b };
        int keep = w.Out - 1;
        return new DenseWeights(StageFolding.KeepColumns(m, w.In, w.Out, keep), w.In, keep, StageFolding.KeepColumns(b, 1, w.Out, keep));
    }

    private static DenseWeights Reader(DenseWeights w, NormParameters norm, bool compressed)
    {
        var (m, b) = StageFolding.FoldGainBias(w.W, w.Bias, norm.Gain ?? throw Folded(), norm.Bias ?? throw Folded(), w.In, w.Out);
        return compressed
            ? new DenseWeights(StageFolding.FoldLastRow(m, w.In, w.Out), w.In - 1, w.Out, b)
            : new DenseWeights(m, w.In, w.Out, b);
    }

    private static NormParameters Folded(NormParameters n) => n with { Gain = null, Bias = null };

    private static InvalidOperationException Folded() => new("the stage's norms are already folded; convert the original weights");

    private static NormParameters Norm(OnnxGraph g, DecomposedLayerNorm n) => new(n.Epsilon, n.Gain(g), n.Bias(g));

    private static DenseWeights Dense(OnnxGraph g, OnnxLinear l) => new(l.Weight(g), l.In, l.Out, l.Bias(g));
}
