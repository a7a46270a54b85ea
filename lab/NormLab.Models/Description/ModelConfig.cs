namespace NormLab.Models.Description;

/// <summary>
/// The architecture-neutral shape of a transformer: everything the forward needs besides the
/// weights. A checkpoint layout (GPT-2, Llama, llama2.c, ViT, an ONNX stage) is a mapping onto this
/// plus tensor names (<see cref="TensorNames"/>); conversions return a changed copy (with-expressions).
/// Linear weights are [out, in] (PyTorch nn.Linear), so y = x·Wᵀ + b.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>d: the full model width the norms are defined over.</summary>
    public required int Dim { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    /// <summary>Key/value heads (GQA); equals <see cref="Heads"/> for plain multi-head attention.</summary>
    public required int KvHeads { get; init; }
    public required int HeadDim { get; init; }
    /// <summary>MLP inner width.</summary>
    public required int Hidden { get; init; }
    /// <summary>Token vocabulary (TokenEmbedding stem) or output classes (head); 0 when neither exists.</summary>
    public required int Vocab { get; init; }
    public required int MaxSeq { get; init; }

    public StemKind Stem { get; init; } = StemKind.TokenEmbedding;
    /// <summary>Patch stem: values per flattened patch (the embed.patch input width).</summary>
    public int PatchDim { get; init; }
    /// <summary>Patch stem: a learned class token is prepended, so the stream has one row more than the input.</summary>
    public bool ClassToken { get; init; }
    public PoolingKind Pooling { get; init; } = PoolingKind.None;
    public bool LearnedPositions { get; init; }
    /// <summary>Q, K, V as one [(H + 2·Hkv)·hd, d] matrix (GPT-2's c_attn) instead of three.</summary>
    public bool FusedQkv { get; init; }
    public bool Causal { get; init; } = true;
    public RotarySpec? Rotary { get; init; }
    public MlpKind Mlp { get; init; } = MlpKind.GeluTanh;

    public NormType Norm { get; init; } = NormType.LayerNorm;
    public double NormEps { get; init; } = 1e-5;
    /// <summary>The final norm's epsilon where a model gives it its own (PP-OCRv4: 1e-6 vs 1e-5); null = <see cref="NormEps"/>.</summary>
    public double? FinalNormEps { get; init; }
    public NormPlacement Placement { get; init; } = NormPlacement.Pre;
    /// <summary>LayerNorm Scaling: block ℓ's input-norm outputs are multiplied by 1/sqrt(ℓ).</summary>
    public bool LayerScaling { get; init; }
    /// <summary>
    /// FlashNorm: readers of a (parameter-free) norm multiply the raw stream and scale each row by
    /// 1/rms afterwards; the normalized vector is never formed.
    /// </summary>
    public bool DeferredNorm { get; init; }

    /// <summary>The main branch is kept zero-mean (after the recentering conversion).</summary>
    public bool ZeroMeanStream { get; init; }
    /// <summary>External stem only: subtract the row mean of the supplied entry sequence.</summary>
    public bool CenterEntry { get; init; }
    /// <summary>Pre-CRMSNorm: the stream holds the first d − 1 elements of a zero-mean vector.</summary>
    public bool CompressedStream { get; init; }

    public HeadKind Head { get; init; } = HeadKind.Tied;

    /// <summary>Width of the main branch as stored: d, or d − 1 when compressed.</summary>
    public int StreamDim => CompressedStream ? Dim - 1 : Dim;
    public int QueryDim => Heads * HeadDim;
    public int KvDim => KvHeads * HeadDim;
    /// <summary>Stream rows for <paramref name="inputRows"/> input rows (the class token adds one).</summary>
    public int StreamRows(int inputRows) => inputRows + (ClassToken ? 1 : 0);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
    public void Validate()
    {
        Positive(Dim, nameof(Dim));
        Positive(Layers, nameof(Layers));
        Positive(Heads, nameof(Heads));
        Positive(KvHeads, nameof(KvHeads));
        Positive(HeadDim, nameof(HeadDim));
        Positive(Hidden, nameof(Hidden));
        Positive(MaxSeq, nameof(MaxSeq));
        if (Heads % KvHeads != 0)
            throw new ArgumentException($"Heads ({Heads}) must be a multiple of KvHeads ({KvHeads}).", nameof(KvHeads));
        if (Rotary is not null && HeadDim % 2 != 0)
            throw new ArgumentException($"rotary positions need an even HeadDim, was {HeadDim}.", nameof(HeadDim));
        if ((Stem == StemKind.TokenEmbedding || Head != HeadKind.None) && Vocab < 1)
            throw new ArgumentException("Vocab must be ≥ 1 for a token stem or a head.", nameof(Vocab));
        if (Head == HeadKind.Tied && Stem != StemKind.TokenEmbedding)
            throw new ArgumentException("a tied head needs a token embedding stem.", nameof(Head));
        if (CompressedStream != (Norm == NormType.CRmsNorm))
            throw new ArgumentException("a compressed stream and CRMSNorm go together.", nameof(CompressedStream));
        if (CompressedStream && !ZeroMeanStream)
            throw new ArgumentException("a compressed stream must be zero-mean.", nameof(CompressedStream));
        if (DeferredNorm && Norm is not (NormType.RmsNorm or NormType.CRmsNorm))
            throw new ArgumentException("FlashNorm's deferred scaling needs RMSNorm or CRMSNorm.", nameof(DeferredNorm));
        if (Stem == StemKind.Patches) Positive(PatchDim, nameof(PatchDim));
        if (ClassToken && Stem != StemKind.Patches)
            throw new ArgumentException("a class token needs the patch stem.", nameof(ClassToken));
        if (Pooling == PoolingKind.ClassToken && !ClassToken)
            throw new ArgumentException("class-token pooling needs a class token.", nameof(Pooling));
        if (CenterEntry && Stem != StemKind.External)
            throw new ArgumentException("CenterEntry applies to an external stem only.", nameof(CenterEntry));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be ≥ 1, was {value}.", name);
    }
}
