namespace NormLab.Models.Forward;

/// <summary>
/// Per-layer hook into a forward (verification and depth analysis use it). Spans are only valid
/// during the call: copy what you keep. Rows are tokens; width is the stored stream width
/// (d, or d − 1 for a compressed stream). Layers are 1-based, as in LayerNorm Scaling's ℓ.
/// </summary>
public abstract class ForwardObserver<T> where T : unmanaged
{
    /// <summary>The main branch as it enters the first block.</summary>
    public virtual void OnEntry(ReadOnlySpan<T> stream, int rows, int width) { }

    /// <summary>A norm's output, where one is formed (FlashNorm's deferred norms never form it).</summary>
    public virtual void OnNorm(int layer, NormSite site, ReadOnlySpan<T> output, int rows, int width) { }

    /// <summary>The residual stream before and after block <paramref name="layer"/>.</summary>
    public virtual void OnBlock(int layer, ReadOnlySpan<T> before, ReadOnlySpan<T> after, int rows, int width) { }
}
