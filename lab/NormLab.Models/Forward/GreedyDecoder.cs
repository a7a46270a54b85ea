using System.Numerics;

namespace NormLab.Models.Forward;

/// <summary>Greedy continuation: append the arg-max of the last position's logits, re-running the whole sequence each step.</summary>
public static class GreedyDecoder
{
    public static int[] Continue<T>(ModelForward<T> forward, int[] prompt, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tokens = new List<int>(prompt);
        for (int step = 0; step < count; step++)
        {
            var result = forward.Run(ForwardInput.FromTokens([.. tokens]));
            if (!result.IsLogits) throw new InvalidOperationException($"{forward.Model.Name} has no head: nothing to decode.");
            tokens.Add(ArgMax(new ReadOnlySpan<T>(result.Output, (result.Rows - 1) * result.Width, result.Width)));
        }
        return [.. tokens.Skip(prompt.Length)];
    }

    public static int ArgMax<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }
}
