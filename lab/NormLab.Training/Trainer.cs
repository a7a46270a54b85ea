using System.Numerics;
using NormLab.Training.Data;

namespace NormLab.Training;

/// <summary>Batch, sequence, schedule and optimizer settings of a run.</summary>
public sealed record TrainOptions(int Batch, int Seq, int Steps, double LearningRate, ulong DataSeed = 7, double ClipNorm = 1.0,
    double WeightDecay = 0.1, int WarmupSteps = 10)
{
    /// <summary>Linear warmup, then cosine decay to 10 % of the peak at the last step.</summary>
    public double Rate(int step)
    {
        if (step < WarmupSteps) return LearningRate * (step + 1) / WarmupSteps;
        double p = Steps <= WarmupSteps ? 1 : (double)(step - WarmupSteps) / Math.Max(1, Steps - WarmupSteps);
        return LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, p))));
    }
}

/// <summary>What one step reports.</summary>
public readonly record struct StepResult(double Loss, double GradNorm);

/// <summary>
/// One model, its AdamW state and its stream of training batches: <see cref="Step"/> is forward,
/// backward, clip and update. Deterministic: the batches come from a seeded <see cref="Rng"/>, and no
/// op's sum depends on thread scheduling.
/// </summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Rng batches;
    private readonly int[] inputs, targets;
    public Gpt<T> Model { get; }
    public TextData Data { get; }
    public TrainOptions Options { get; }
    public AdamW<T> Optimizer { get; }

    public Trainer(Gpt<T> model, TextData data, TrainOptions options)
    {
        (Model, Data, Options) = (model, data, options);
        Optimizer = new AdamW<T>(model.Params.Length, weightDecay: options.WeightDecay);
        batches = new Rng(options.DataSeed);
        inputs = new int[options.Batch * options.Seq];
        targets = new int[options.Batch * options.Seq];
    }

    public StepResult Step()
    {
        Data.TrainBatch(batches, Options.Batch, Options.Seq, inputs, targets);
        double loss = Model.Forward(inputs, targets, Options.Batch, Options.Seq);
        Model.Backward();
        double norm = AdamW<T>.ClipGlobalNorm(Model.Grads, Options.ClipNorm);
        Optimizer.Update(Model.Params, Model.Grads, Model.Specs, Options.Rate(Optimizer.Step));
        return new StepResult(loss, norm);
    }

    /// <summary>Mean held-out loss in bits per character over <paramref name="batchCount"/> fixed batches.</summary>
    public double HeldOutBpc(int batchCount, IReadOnlyList<bool>? skip = null) => Evaluate(Model, Data, Options, batchCount, skip);

    public static double Evaluate(Gpt<T> model, TextData data, TrainOptions options, int batchCount, IReadOnlyList<bool>? skip = null)
    {
        var x = new int[options.Batch * options.Seq];
        var y = new int[options.Batch * options.Seq];
        double sum = 0;
        for (int i = 0; i < batchCount; i++)
        {
            data.HeldOutBatch(i, batchCount, options.Batch, options.Seq, x, y);
            sum += model.Forward(x, y, options.Batch, options.Seq, skip);
        }
        return sum / batchCount / Math.Log(2);
    }
}
