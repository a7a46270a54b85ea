using NormLab.Results;
using NormLab.Models.Description;
using NormLab.Models.Forward;
using NormLab.Models.Verification;

namespace NormLab.Models.Vision;

/// <summary>
/// Verify over a labelled data set: every input through the original and every form in both
/// precisions (<see cref="FormComparison"/>), the per-layer rows folded to their worst case over all
/// inputs, and each form's predictions scored against the labels (accuracy) and against the float64
/// original (agreement), every disagreement listed with its logit margins. Inputs run in batches;
/// each form's weights are materialized once.
/// </summary>
public static class ImageClassifierVerification
{
    /// <summary>Inputs per forward: large enough that every matmul fills the cores, small enough to stay in memory (~100 MB at d 64).</summary>
    private const int BatchSize = 250;

    public static ClassificationResult Run(NeutralModel original, IReadOnlyList<(string Variant, NeutralModel Form)> forms, bool original32,
        DataSet data)
    {
        var model = Materialized(original);
        var ready = forms.Select(f => (f.Variant, Materialized(f.Form))).ToList();
        var inputs = data.Inputs;
        var rows = new List<VerificationRow>();
        var logits = new Dictionary<(string Variant, string Precision), double[][]>();
        for (int start = 0; start < inputs.Count; start += BatchSize)
        {
            var batch = inputs.Skip(start).Take(BatchSize).ToList();
            var result = FormComparison.Run(model, ready, original32, ForwardInput.Batch(batch.Select(b => b.Input).ToList()));
            rows.AddRange(result.Rows);
            foreach (var (key, output) in result.Outputs)
            {
                if (!logits.TryGetValue(key, out var all)) logits[key] = all = new double[inputs.Count][];
                int width = output.Length / batch.Count;
                for (int i = 0; i < batch.Count; i++) all[start + i] = output[(i * width)..((i + 1) * width)];
            }
        }
        var reference = logits[(ModelVerifier.OriginalVariant, Precisions.Float64)];
        var classes = logits.Select(pair =>
        {
            int correct = 0, agree = 0;
            var disagreements = new List<Disagreement>();
            for (int i = 0; i < inputs.Count; i++)
            {
                int predicted = GreedyDecoder.ArgMax<double>(pair.Value[i]), originalClass = GreedyDecoder.ArgMax<double>(reference[i]);
                if (predicted == inputs[i].Label) correct++;
                if (predicted == originalClass) agree++;
                else disagreements.Add(new Disagreement(inputs[i].Index, inputs[i].Label, originalClass, predicted, Margin(reference[i]), Margin(pair.Value[i])));
            }
            return new ClassificationRow(original.Name, pair.Key.Variant, pair.Key.Precision, inputs.Count, (double)correct / inputs.Count,
                (double)agree / inputs.Count, disagreements);
        }).ToList();
        var worst = rows.GroupBy(r => (r.Variant, r.Precision, r.Layer)).Select(g => g.Aggregate(Worst))
            .Select(r => r.Top1Agreement is null ? r : r with { Top1Agreement = classes.First(c => c.Variant == r.Variant && c.Precision == r.Precision).Agreement })
            .ToList();
        return new ClassificationResult(original.Name, data.Description, worst, classes);
    }

    /// <summary>Worst case of two rows of the same variant, precision and layer (NaN wins, so a NaN anywhere fails).</summary>
    private static VerificationRow Worst(VerificationRow a, VerificationRow b) => a with
    {
        MaxAbsErr = Max(a.MaxAbsErr, b.MaxAbsErr),
        MaxRelErr = Max(a.MaxRelErr, b.MaxRelErr),
        Top1Agreement = a.Top1Agreement is { } x && b.Top1Agreement is { } y ? Math.Min(x, y) : null,
        MaxKl = a.MaxKl is { } p && b.MaxKl is { } q ? Max(p, q) : null,
        Pass = a.Pass && b.Pass,
    };

    private static double Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    private static double Margin(double[] logits)
    {
        double top = double.NegativeInfinity, second = double.NegativeInfinity;
        foreach (double v in logits)
            if (v > top) (top, second) = (v, top);
            else if (v > second) second = v;
        return top - second;
    }

    /// <summary>Every tensor loaded (and converted) once; each load hands out a copy, as the tensor source contract says.</summary>
    private static NeutralModel Materialized(NeutralModel model)
    {
        var set = new LazyTensorSet();
        foreach (string name in model.Weights.Names)
        {
            var t = model.Weights.Load(name);
            set.Set(name, () => new Tensor(t.Name, t.Shape, (double[])t.Data.Clone()));
        }
        return model with { Weights = set };
    }
}

/// <summary>A labelled data set to verify a classifier on, with a line saying what it is.</summary>
public sealed record DataSet(string Description, IReadOnlyList<LabelledInput> Inputs)
{
    /// <summary>At most <paramref name="count"/> inputs, evenly spaced over the set (every class keeps its share); null = all.</summary>
    public DataSet Sampled(int? count)
    {
        if (count is not { } n || n >= Inputs.Count) return this;
        if (n < 1) throw new UsageException($"--samples must be ≥ 1, was {n}.");
        var chosen = Enumerable.Range(0, n).Select(i => Inputs[(int)((long)i * Inputs.Count / n)]).ToList();
        return new DataSet($"{n} of {Description} (evenly spaced)", chosen);
    }
}
