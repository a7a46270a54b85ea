using NormLab.Models.Verification;
using NormLab.Models.Description;
using NormLab.Models.Forward;

namespace NormLab.Models.Depth;

/// <summary>
/// The fixed seeded inputs the depth analysis runs on: uniform token ids for a token stem, N(0, 1)
/// entries for an external stem. The same (config, count, seed) always gives the same input.
/// </summary>
public static class DepthInputs
{
    public static ForwardInput For(ModelConfig config, int tokens, int seed)
    {
        int capacity = VerificationTarget.InputCapacity(config);
        if (tokens < 1 || tokens > capacity)
            throw new UsageException($"tokens must be in 1..{capacity} (the model's positions), was {tokens}.");
        var random = new Random(seed); // the seeded System.Random sequence is stable across runs and platforms
        if (config.Stem == StemKind.TokenEmbedding)
            return ForwardInput.FromTokens(Enumerable.Range(0, tokens).Select(_ => random.Next(config.Vocab)).ToArray());
        int width = config.Stem == StemKind.Patches ? config.PatchDim : config.Dim;
        var sequence = new double[tokens * width];
        for (int i = 0; i < sequence.Length; i++)
            sequence[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return ForwardInput.FromSequence(sequence, width);
    }
}
