using NormLab.Models.Conversions;
using NormLab.Models.Description;

namespace NormLab.Models.Onnx;

/// <summary>A norm site's epsilon and, until folded away, its gain and bias (null: none).</summary>
public sealed record NormParameters(double Epsilon, double[]? Gain, double[]? Bias);

public sealed record PreLnSublayerWeights(NormParameters Norm, IReadOnlyList<DenseWeights> Readers, DenseWeights Writer);

/// <summary>
/// The main branch's numbers in float64, read from the graph once. <see cref="Convert"/> applies
/// SPEC points 1–3 with the shared <see cref="WeightAlgebra"/>; the ONNX writer rounds the result
/// to float32 once and the float64 verification uses it unrounded, so both check the same arithmetic.
/// </summary>
public sealed record PreLnWeights(int Width, IReadOnlyList<PreLnSublayerWeights> Sublayers, NormParameters FinalNorm, IReadOnlyList<DenseWeights> FinalReaders)
{
    public static PreLnWeights Read(OnnxGraph g, PreLnBranch branch) => new(
        branch.Width,
        branch.Sublayers.Select(s => new PreLnSublayerWeights(Norm(g, s.Norm), Read(g, s.Readers), s.Writer.Read(g))).ToList(),
        Norm(g, branch.FinalNorm),
        Read(g, branch.FinalReaders));

    /// <summary>
    /// Pre-RMSNorm: writers recentered over their outputs (SPEC 1); each norm's g, b folded into its
    /// readers (SPEC 2). Pre-CRMSNorm also drops the writers' last output and folds the readers' last
    /// input into the others (SPEC 3). What enters the stream is the converter's business (<see cref="StreamEntry"/>).
    /// </summary>
    public PreLnWeights Convert(OnnxStageTarget target)
    {
        bool compressed = target == OnnxStageTarget.PreCRmsNorm;
        return new PreLnWeights(Width,
            Sublayers.Select(s => new PreLnSublayerWeights(Folded(s.Norm), s.Readers.Select(r => Reader(r, s.Norm, compressed)).ToList(), Writer(s.Writer, compressed))).ToList(),
            Folded(FinalNorm),
            FinalReaders.Select(r => Reader(r, FinalNorm, compressed)).ToList());
    }

    private static DenseWeights Writer(DenseWeights w, bool compressed)
    {
        var m = WeightAlgebra.CenterOutputs(w.W);
        var b = WeightAlgebra.CenterRows(new Tensor("bias", [w.Out], w.Bias));
        return compressed ? new DenseWeights(WeightAlgebra.DropLastRow(m), WeightAlgebra.DropLastRow(b).Data) : new DenseWeights(m, b.Data);
    }

    private static DenseWeights Reader(DenseWeights w, NormParameters norm, bool compressed)
    {
        if (norm.Gain is null) throw new InvalidOperationException("the norms are already folded; convert the original weights");
        var m = WeightAlgebra.ScaleInputs(w.W, norm.Gain);
        var b = norm.Bias is { } beta ? WeightAlgebra.PushBias(w.W, beta, w.Bias) : (double[])w.Bias.Clone();
        return new DenseWeights(compressed ? WeightAlgebra.FoldLastInput(m) : m, b);
    }

    private static NormParameters Folded(NormParameters n) => n with { Gain = null, Bias = null };

    private static NormParameters Norm(OnnxGraph g, OnnxLayerNorm n) => new(n.Epsilon, n.Gain(g), n.Bias(g));

    private static List<DenseWeights> Read(OnnxGraph g, IEnumerable<NormReader> readers) => readers.Select(r => r.Linear.Read(g)).ToList();
}
