using NormLab.Models.Description;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Export;

/// <summary>
/// Writes a neutral pre-norm transformer (token or patch stem — a ViT's class token and patch
/// projection —, learned positions, fused or separate Q/K/V, causal or bidirectional attention, GELU,
/// ReLU or SwiGLU MLP, tied/untied head, class-token pooling) as a float32 ONNX graph, in the form
/// its config says: LayerNorm → LayerNormalization; RMSNorm → ORT's fused
/// SimplifiedLayerNormalization; CRMSNorm (no ONNX op) → ReduceSumSquare/ReduceSum arithmetic on the
/// d − 1 stream; FlashNorm (deferred) → raw-stream MatMuls scaled per row by 1/rms afterwards.
/// Semantics follow the lab's forward (Forward/BlockForward): input "tokens" int64 [B, S] or
/// "patches" float [B, S, PatchDim], output "logits" float [B, S', vocab] (S' = S + a class token),
/// or [B, classes] when the class token is pooled. A null batch is symbolic ("batch").
/// </summary>
public sealed class TransformerOnnxExporter
{
    private const TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;
    private readonly NeutralModel model;
    private readonly ModelConfig c;
    private readonly int? batch;
    private readonly int seq, rows;
    private readonly OnnxModelBuilder g;

    private TransformerOnnxExporter(NeutralModel model, int? batch, int seq)
    {
        this.model = model;
        c = model.Config;
        this.batch = batch;
        this.seq = seq;
        rows = c.StreamRows(seq);
        g = new OnnxModelBuilder(model.Name, 20);
    }

    /// <summary>The graph for <paramref name="seq"/> input rows (tokens or patches) per sequence, <paramref name="batch"/> sequences (null: any number).</summary>
    public static byte[] Export(NeutralModel model, int? batch, int seq)
    {
        Check(model.Config, batch, seq);
        var exporter = new TransformerOnnxExporter(model, batch, seq);
        exporter.Build();
        return exporter.g.ToBytes();
    }

    private static void Check(ModelConfig c, int? batch, int seq)
    {
        string? unsupported =
            c.Stem is not (StemKind.TokenEmbedding or StemKind.Patches) ? $"the {c.Stem} stem" :
            c.Placement != NormPlacement.Pre ? $"{c.Placement} norm placement" :
            c.Rotary is not null ? "rotary positions" :
            c.KvHeads != c.Heads ? "grouped-query attention" :
            c.Mlp is not (MlpKind.GeluTanh or MlpKind.Relu or MlpKind.SwiGlu) ? $"the {c.Mlp} MLP" :
            c.Head == HeadKind.None ? "a headless model" : null;
        if (unsupported is not null) throw new UsageException($"the ONNX exporter does not handle {unsupported} (bench models times token-stem GPT-style models).");
        if (batch < 1 || seq < 1 || c.StreamRows(seq) > c.MaxSeq)
            throw new ArgumentException($"batch {batch} × seq {seq} must be ≥ 1 with {c.StreamRows(seq)} stream rows ≤ MaxSeq {c.MaxSeq}.", nameof(seq));
    }

    private void Build()
    {
        int w = c.StreamDim;
        object n = batch is { } b ? b : "batch";
        bool pooled = c.Pooling == PoolingKind.ClassToken;
        g.Output("logits", F32, pooled ? [n, c.Vocab] : [n, rows, c.Vocab]);
        string x = c.Stem == StemKind.Patches ? PatchEntry(n) : TokenEntry(n);
        if (c.LearnedPositions)
            x = g.Op("Add", x, Const("positions", Load(TensorNames.PositionEmbedding).Data.AsSpan(0, rows * w), rows, w));
        for (int l = 0; l < c.Layers; l++) x = Block(l, x);
        var (z, scale) = NormInput(TensorNames.FinalNorm, x, layer: null);
        // Pooled after the (row-wise) final norm: the same function as the forward's pool-then-norm, and
        // the shape the generic Pre-LN converter reads as the final norm's reader (LN → Gather → head).
        if (pooled) (z, scale) = (ClassRow(z), scale is null ? null : ClassRow(scale));
        string head = c.Head == HeadKind.Tied
            ? Matrix(TensorNames.TokenEmbedding, c.Vocab, w, transpose: true)
            : Matrix(TensorNames.Weight(TensorNames.Head), c.Vocab, w, transpose: true);
        string logits = Read(z, scale, head, c.Head == HeadKind.Tied ? null : TensorNames.Bias(TensorNames.Head), c.Vocab);
        g.Node("Identity", [logits], ["logits"]);
    }

    private string TokenEntry(object n)
    {
        g.Input("tokens", TensorProto.Types.DataType.Int64, n, seq);
        return g.Op("Gather", Matrix(TensorNames.TokenEmbedding, c.Vocab, c.StreamDim, transpose: false), "tokens");
    }

    /// <summary>patches·Wᵀ + b, after the class token expanded to every image when the model has one.</summary>
    private string PatchEntry(object n)
    {
        g.Input("patches", F32, n, seq, c.PatchDim);
        string x = Linear("patches", null, TensorNames.PatchEmbedding, c.StreamDim, c.PatchDim);
        if (!c.ClassToken) return x;
        string cls = Const("cls", Load(TensorNames.ClassToken).Expect(c.StreamDim).Data, 1, 1, c.StreamDim);
        // [N, 1, w] from the input's own batch size, so one graph serves any N.
        string images = g.Op("Slice", g.Op("Shape", "patches"), g.Int64Initializer("batch_start", 0), g.Int64Initializer("batch_end", 1));
        string shape = g.Node("Concat", [images, g.Int64Initializer("cls_rows", 1, c.StreamDim)], ["cls_shape"], "", OnnxModelBuilder.Attribute("axis", 0L));
        return g.Node("Concat", [g.Op("Expand", cls, shape), x], ["tokens"], "", OnnxModelBuilder.Attribute("axis", 1L));
    }

    /// <summary>Row 0 (the class token) of every sequence: [N, S, k] → [N, k].</summary>
    private string ClassRow(string t) =>
        g.Op("Squeeze", g.Node("Gather", [t, g.Int64Initializer($"{t}_row0", 0)], [$"{t}_cls"], "", OnnxModelBuilder.Attribute("axis", 1L)),
            g.Int64Initializer($"{t}_axis1", 1));

    private string Block(int l, string x)
    {
        int layer = l + 1;
        var (a, scale) = NormInput(TensorNames.AttnNorm(l), x, layer);
        string q, k, v;
        if (c.FusedQkv)
        {
            string qkv = Linear(a, scale, TensorNames.FusedQkv(l), 3 * c.QueryDim);
            string split = g.Int64Initializer($"split_{l}", c.QueryDim, c.KvDim, c.KvDim);
            (q, k, v) = ($"q_{l}", $"k_{l}", $"v_{l}");
            g.Node("Split", [qkv, split], [q, k, v], "", OnnxModelBuilder.Attribute("axis", -1L));
        }
        else
        {
            q = Linear(a, scale, TensorNames.Query(l), c.QueryDim);
            k = Linear(a, scale, TensorNames.Key(l), c.KvDim);
            v = Linear(a, scale, TensorNames.Value(l), c.KvDim);
        }
        string attention = Linear(Attention(l, q, k, v), null, TensorNames.AttnOut(l), c.StreamDim, c.QueryDim);
        string mid = g.Op("Add", x, attention);
        var (m, mScale) = NormInput(TensorNames.MlpNorm(l), mid, layer);
        string up = Linear(m, mScale, TensorNames.Up(l), c.Hidden);
        string hidden = c.Mlp switch
        {
            MlpKind.SwiGlu => g.Op("Mul", Silu(Linear(m, mScale, TensorNames.Gate(l), c.Hidden)), up),
            MlpKind.Relu => g.Op("Relu", up),
            _ => g.Node("Gelu", [up], [$"gelu_{l}"], "", Attribute("approximate", "tanh")),
        };
        return g.Op("Add", mid, Linear(hidden, null, TensorNames.Down(l), c.StreamDim, c.Hidden));
    }

    /// <summary>softmax(q·kᵀ/√hd [+ causal mask])·v over heads, back to [B, S, H·hd]; Reshape's 0 keeps B and S as they come.</summary>
    private string Attention(int l, string q, string k, string v)
    {
        long[] heads = [0, 0, c.Heads, c.HeadDim];
        string shape = g.Int64Initializer($"heads_{l}", heads);
        string Heads(string t, params long[] perm) =>
            g.Node("Transpose", [g.Op("Reshape", t, shape)], [$"{t}_t"], "", OnnxModelBuilder.Attribute("perm", perm));
        string scores = g.Op("MatMul", Heads(q, 0, 2, 1, 3), Heads(k, 0, 2, 3, 1));
        scores = g.Op("Mul", scores, Scalar($"scale_{l}", 1f / MathF.Sqrt(c.HeadDim)));
        if (c.Causal && rows > 1) scores = g.Op("Add", scores, CausalMask());
        string probabilities = g.Node("Softmax", [scores], [$"softmax_{l}"], "", OnnxModelBuilder.Attribute("axis", -1L));
        string context = g.Op("MatMul", probabilities, Heads(v, 0, 2, 1, 3));
        context = g.Node("Transpose", [context], [$"context_{l}"], "", OnnxModelBuilder.Attribute("perm", 0L, 2L, 1L, 3L));
        return g.Op("Reshape", context, g.Int64Initializer($"merge_{l}", 0, 0, c.QueryDim));
    }

    private string? mask;

    private string CausalMask()
    {
        if (mask is not null) return mask;
        var values = new float[rows * rows];
        for (int i = 0; i < rows; i++)
            for (int j = i + 1; j < rows; j++) values[i * rows + j] = float.NegativeInfinity;
        return mask = Const("causal_mask", values, rows, rows);
    }

    /// <summary>
    /// The norm a sublayer (or the head) reads: the normalized tensor, or — FlashNorm — the raw
    /// stream and the per-row 1/rms its readers apply after the matmul. LayerNorm Scaling scales
    /// block inputs by 1/√ℓ.
    /// </summary>
    private (string Input, string? RowScale) NormInput(string site, string x, int? layer)
    {
        double eps = layer is null ? c.FinalNormEps ?? c.NormEps : c.NormEps;
        float layerScale = c.LayerScaling && layer is { } ell ? 1f / MathF.Sqrt(ell) : 1f;
        if (c.DeferredNorm)
        {
            string inverse = g.Op("Reciprocal", g.Op("Sqrt", g.Op("Add", MeanSquare(x, site), Scalar($"{site}_eps", (float)eps))));
            return (x, layerScale == 1f ? inverse : g.Op("Mul", inverse, Scalar($"{site}_lns", layerScale)));
        }
        string y = c.Norm switch
        {
            NormType.LayerNorm => g.Node("LayerNormalization", [x, Gain(site), Bias(site) ?? Const($"{site}_zeros", new float[c.Dim], c.Dim)],
                [$"{site}_ln"], "", OnnxModelBuilder.Attribute("axis", -1L), OnnxModelBuilder.Attribute("epsilon", (float)eps)),
            NormType.RmsNorm => Biased(g.Node("SimplifiedLayerNormalization", [x, Gain(site)], [$"{site}_rms"], "",
                OnnxModelBuilder.Attribute("axis", -1L), OnnxModelBuilder.Attribute("epsilon", (float)eps)), site),
            NormType.CRmsNorm => Biased(Affine(g.Op("Div", x, g.Op("Sqrt", g.Op("Add", MeanSquare(x, site), Scalar($"{site}_eps", (float)eps)))), site), site),
            _ => throw new ArgumentException($"norm {c.Norm} cannot be exported.", nameof(site)),
        };
        return (layerScale == 1f ? y : g.Op("Mul", y, Scalar($"{site}_lns", layerScale)), null);
    }

    /// <summary>mean(x²) over d for RMSNorm; (Σx̂² + (Σx̂)²)/d for the compressed stream (the dropped element is −Σx̂).</summary>
    private string MeanSquare(string x, string site)
    {
        string axes = g.Int64Initializer($"{site}_axes", -1);
        string sumSquares = g.Node("ReduceSumSquare", [x, axes], [$"{site}_ss"], "", OnnxModelBuilder.Attribute("keepdims", 1L));
        if (c.CompressedStream)
        {
            string sum = g.Node("ReduceSum", [x, axes], [$"{site}_s"], "", OnnxModelBuilder.Attribute("keepdims", 1L));
            sumSquares = g.Op("Add", sumSquares, g.Op("Mul", sum, sum));
        }
        return g.Op("Mul", sumSquares, Scalar($"{site}_inv_d", 1f / c.Dim));
    }

    private string Affine(string y, string site) => model.Weights.Contains(TensorNames.Weight(site)) ? g.Op("Mul", y, Gain(site)) : y;

    private string Biased(string y, string site) => Bias(site) is { } b ? g.Op("Add", y, b) : y;

    private string Gain(string site) =>
        model.Weights.Contains(TensorNames.Weight(site))
            ? Vector(TensorNames.Weight(site))
            : Const($"{site}_ones", Enumerable.Repeat(1f, c.StreamDim).ToArray(), c.StreamDim);

    private string? Bias(string site) => model.Weights.Contains(TensorNames.Bias(site)) ? Vector(TensorNames.Bias(site)) : null;

    /// <summary>y = (x·Wᵀ)[⊙ rowScale] + b, W stored [out, in].</summary>
    private string Linear(string x, string? rowScale, string module, int outDim, int? inDim = null) =>
        Read(x, rowScale, Matrix(TensorNames.Weight(module), outDim, inDim ?? c.StreamDim, transpose: true), TensorNames.Bias(module), outDim);

    private string Read(string x, string? rowScale, string weight, string? biasName, int outDim)
    {
        string y = g.Op("MatMul", x, weight);
        if (rowScale is not null) y = g.Op("Mul", y, rowScale);
        return biasName is not null && model.Weights.Contains(biasName) ? g.Op("Add", y, Vector(biasName)) : y;
    }

    private string Silu(string x) => g.Op("Mul", x, g.Op("Sigmoid", x));

    private Tensor Load(string name) => model.Weights.Load(name);

    /// <summary>A weight as a float32 initializer, transposed to [in, out] for MatMul when asked.</summary>
    private string Matrix(string name, int rows, int cols, bool transpose)
    {
        string initializer = transpose ? name + ".T" : name;
        var data = Load(name).Expect(rows, cols).Data;
        var values = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
                values[transpose ? j * rows + r : r * cols + j] = (float)data[r * cols + j];
        return transpose ? g.Initializer(initializer, values, cols, rows) : g.Initializer(initializer, values, rows, cols);
    }

    private readonly HashSet<string> vectors = [];

    private string Vector(string name)
    {
        if (!vectors.Add(name)) return name;
        var data = Load(name).Data;
        return g.Initializer(name, data.Select(v => (float)v).ToArray(), data.Length);
    }

    private string Const(string name, ReadOnlySpan<double> values, params long[] dims)
    {
        var f = new float[values.Length];
        for (int i = 0; i < f.Length; i++) f[i] = (float)values[i];
        return g.Initializer(name, f, dims);
    }

    private string Const(string name, float[] values, params long[] dims) => g.Initializer(name, values, dims);

    private string Scalar(string name, float value) => g.Initializer(name, [value]);

    private static AttributeProto Attribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(value) };
}
