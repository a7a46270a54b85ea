using NormLab.Models.Description;

namespace NormLab.Models.Export;

/// <summary>
/// One exported form as a script outside the lab reads it (FORM.json beside FORM.safetensors): the
/// neutral description spelled out, so the PyTorch side needs no knowledge of ModelConfig, plus the
/// reference input and where its logits are. Tensor names are the lab's neutral names (TensorNames);
/// linear weights are [out, in]; fused QKV rows are q, then k, then v.
/// </summary>
public sealed record FormDescription
{
    public required string Shape { get; init; }
    /// <summary>Pre-LN, Pre-RMSNorm, Pre-CRMSNorm or FlashNorm.</summary>
    public required string Form { get; init; }
    public required string File { get; init; }
    /// <summary>Storage type of every tensor in <see cref="File"/>: F32, F16 or BF16.</summary>
    public required string Dtype { get; init; }
    public required int D { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    public required int HeadDim { get; init; }
    public required int Hidden { get; init; }
    public required int Vocab { get; init; }
    public required int MaxSeq { get; init; }
    /// <summary>layernorm, rmsnorm or crmsnorm: the statistic every norm of the model computes.</summary>
    public required string Norm { get; init; }
    public required double Eps { get; init; }
    /// <summary>The final norm's epsilon (the same as <see cref="Eps"/> unless the model says otherwise).</summary>
    public required double FinalEps { get; init; }
    /// <summary>Width of the residual stream and of every tensor that reads or writes it: d, or d − 1 for CRMSNorm.</summary>
    public required int StreamWidth { get; init; }
    /// <summary>CRMSNorm's compressed stream: the dropped last element is −Σ of the others; rms = sqrt((Σx² + (Σx)²)/d + eps).</summary>
    public required bool Compressed { get; init; }
    /// <summary>
    /// FlashNorm: no norm tensors; every reader of a norm (qkv, up, the head) holds the folded gain
    /// (W* = W·diag(g), b* = W·β + b) and is applied as (x·W*ᵀ)·(1/rms(x)) + b* on the raw stream.
    /// </summary>
    public required bool Deferred { get; init; }
    /// <summary>The stream was recentered (writers and embeddings zero-mean), which is what makes RMSNorm equal LayerNorm.</summary>
    public required bool ZeroMeanStream { get; init; }
    /// <summary>The head is the token embedding (logits = z·Eᵀ, no bias); otherwise head.weight/head.bias.</summary>
    public required bool TiedHead { get; init; }
    public required bool LearnedPositions { get; init; }
    public required bool FusedQkv { get; init; }
    public required bool Causal { get; init; }
    /// <summary>geluTanh, geluErf, silu, relu or swiGlu.</summary>
    public required string Mlp { get; init; }
    /// <summary>The tokens of the reference forward (one sequence).</summary>
    public required int[] ReferenceTokens { get; init; }
    /// <summary>A safetensors file with one F64 tensor "logits" [tokens, vocab]: the lab's float64 forward of the stored weights.</summary>
    public required string ReferenceFile { get; init; }
    /// <summary>The lab's own description, as the safetensors metadata holds it.</summary>
    public required ModelConfig Config { get; init; }

    public static FormDescription Of(string shape, string form, string file, string referenceFile, string dtype, ModelConfig c, int[] tokens) => new()
    {
        Shape = shape, Form = form, File = file, Dtype = dtype, D = c.Dim, Layers = c.Layers, Heads = c.Heads, HeadDim = c.HeadDim,
        Hidden = c.Hidden, Vocab = c.Vocab, MaxSeq = c.MaxSeq, Norm = c.Norm.ToString().ToLowerInvariant(), Eps = c.NormEps,
        FinalEps = c.FinalNormEps ?? c.NormEps,
        StreamWidth = c.StreamDim, Compressed = c.CompressedStream, Deferred = c.DeferredNorm, ZeroMeanStream = c.ZeroMeanStream,
        TiedHead = c.Head == HeadKind.Tied, LearnedPositions = c.LearnedPositions, FusedQkv = c.FusedQkv, Causal = c.Causal,
        Mlp = char.ToLowerInvariant(c.Mlp.ToString()[0]) + c.Mlp.ToString()[1..], ReferenceTokens = tokens, ReferenceFile = referenceFile, Config = c,
    };
}
