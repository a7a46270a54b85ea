using Microsoft.ML.OnnxRuntime;
using NormLab.Models.Export;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Tests;

/// <summary>How a small hand-built transformer graph is spelled (the converter must not care).</summary>
public sealed record PreLnGraphOptions
{
    public bool LayerNormOp { get; init; } = true;
    public bool FusedQkv { get; init; }
    public bool Biases { get; init; } = true;
    public string Activation { get; init; } = "Gelu";
    /// <summary>gather (tokens + positions), matmul, cls (class token Concat, Gather+Gemm head), conv (patch Conv), swish (non-linear).</summary>
    public string Stem { get; init; } = "gather";
    /// <summary>A LayerNorm at the end of the stem (CLIP's ln_pre): part of the stem, not of a block.</summary>
    public bool StemNorm { get; init; }
    /// <summary>BERT-style: LN after each residual Add, no final LN.</summary>
    public bool PostLn { get; init; }
}

/// <summary>A two-block single-head transformer over [B, T, D] written node by node with seeded random weights.</summary>
public sealed class PreLnTestGraph
{
    public const int B = 2, T = 5, D = 8, Hidden = 16, Vocab = 11, Features = 6, Classes = 7;
    private readonly OnnxModelBuilder g = new("preln-test", 20);
    private readonly PreLnGraphOptions o;
    private readonly Random random = new(1234);
    private int n;

    private PreLnTestGraph(PreLnGraphOptions options) => o = options;

    public static ModelProto Build(PreLnGraphOptions options)
    {
        var t = new PreLnTestGraph(options);
        t.Graph();
        return t.g.Build();
    }

    public static NamedOnnxValue[] Inputs(PreLnGraphOptions options)
    {
        var r = new Random(99);
        float[] Floats(int count) => Enumerable.Range(0, count).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
        return options.Stem switch
        {
            "gather" => [OrtGraphRunner.Int64s("tokens", Enumerable.Range(0, B * T).Select(_ => (long)r.Next(Vocab)).ToArray(), B, T)],
            "cls" => [OrtGraphRunner.Floats("x", Floats(B * (T - 1) * Features), B, T - 1, Features)],
            "conv" => [OrtGraphRunner.Floats("image", Floats(B * 3 * 2 * 2 * T), B, 3, 2, 2 * T)],
            _ => [OrtGraphRunner.Floats("x", Floats(B * T * Features), B, T, Features)],
        };
    }

    private void Graph()
    {
        string x = o.StemNorm ? Norm(Stem()) : Stem();
        for (int l = 0; l < 2; l++) x = Block(x);
        if (!o.PostLn) x = Norm(x);
        string y;
        if (o.Stem == "cls")
        {
            // The class token's row, then a Gemm with W stored [out, in] (transB = 1).
            string token = g.Node("Gather", [x, g.Int64Initializer($"i{n++}", 0)], [$"cls_out{n++}"], "", OnnxModelBuilder.Attribute("axis", 1L));
            string flat = g.Op("Squeeze", token, g.Int64Initializer($"ax{n++}", 1));
            y = g.Node("Gemm", [flat, Const(Classes, D), Const(Classes)], [$"gemm{n++}"], "", OnnxModelBuilder.Attribute("transB", 1L));
            g.Output("y", TensorProto.Types.DataType.Float, B, Classes);
        }
        else
        {
            y = Linear(x, D, Classes, bias: o.Biases);
            g.Output("y", TensorProto.Types.DataType.Float, B, T, Classes);
        }
        g.Node("Identity", [y], ["y"]);
    }

    private string Stem()
    {
        switch (o.Stem)
        {
            case "gather":
                g.Input("tokens", TensorProto.Types.DataType.Int64, B, T);
                return g.Op("Add", g.Op("Gather", Const(Vocab, D), "tokens"), Const(T, D));
            case "cls":
                g.Input("x", TensorProto.Types.DataType.Float, B, T - 1, Features);
                string cls = g.Op("Expand", Const(1, 1, D), g.Int64Initializer($"shape{n++}", B, 1, D));
                string tokens = g.Node("Concat", [cls, Linear("x", Features, D, bias: true)], [$"concat{n++}"], "", OnnxModelBuilder.Attribute("axis", 1L));
                return g.Op("Add", tokens, Const(T, D));
            case "conv":
                g.Input("image", TensorProto.Types.DataType.Float, B, 3, 2, 2 * T);
                string conv = g.Node("Conv", ["image", Const(D, 3, 2, 2), Const(D)], [$"conv{n++}"], "", OnnxModelBuilder.Attribute("strides", 2L, 2L));
                string seq = g.Op("Reshape", conv, g.Int64Initializer($"shape{n++}", B, D, T));
                return g.Node("Transpose", [seq], [$"patches{n++}"], "", OnnxModelBuilder.Attribute("perm", 0L, 2L, 1L));
            default:
                g.Input("x", TensorProto.Types.DataType.Float, B, T, Features);
                string h = Linear("x", Features, D, bias: true);
                return o.Stem == "swish" ? g.Op("Mul", h, g.Op("Sigmoid", h)) : h;
        }
    }

    private string Block(string x)
    {
        string a = o.PostLn ? x : Norm(x);
        string q, k, v;
        if (o.FusedQkv)
        {
            string qkv = Linear(a, D, 3 * D, o.Biases);
            (q, k, v) = ($"q{n}", $"k{n}", $"v{n}");
            n++;
            g.Node("Split", [qkv, g.Int64Initializer($"split{n++}", D, D, D)], [q, k, v], "", OnnxModelBuilder.Attribute("axis", -1L));
        }
        else (q, k, v) = (Linear(a, D, D, o.Biases), Linear(a, D, D, o.Biases), Linear(a, D, D, o.Biases));
        string kt = g.Node("Transpose", [k], [$"kt{n++}"], "", OnnxModelBuilder.Attribute("perm", 0L, 2L, 1L));
        string scores = g.Op("Mul", g.Op("MatMul", q, kt), g.Initializer($"scale{n++}", [1f / MathF.Sqrt(D)]));
        string p = g.Node("Softmax", [scores], [$"softmax{n++}"], "", OnnxModelBuilder.Attribute("axis", -1L));
        string h = g.Op("Add", x, Linear(g.Op("MatMul", p, v), D, D, o.Biases));
        if (o.PostLn) h = Norm(h);
        string m = o.PostLn ? h : Norm(h);
        string up = Linear(m, D, Hidden, o.Biases);
        string act = o.Activation == "Relu" ? g.Op("Relu", up) : g.Op("Gelu", up);
        string y = g.Op("Add", h, Linear(act, Hidden, D, o.Biases));
        return o.PostLn ? Norm(y) : y;
    }

    private string Norm(string x)
    {
        string gain = Const(1.0, 0.3, D), bias = Const(0.0, 0.2, D);
        if (o.LayerNormOp)
            return g.Node("LayerNormalization", o.Biases ? [x, gain, bias] : [x, gain], [$"ln{n++}"], "",
                OnnxModelBuilder.Attribute("axis", -1L), OnnxModelBuilder.Attribute("epsilon", 1e-5f));
        string axes = g.Int64Initializer($"axes{n++}", -1);
        string Mean(string t) => g.Node("ReduceMean", [t, axes], [$"mean{n++}"], "", OnnxModelBuilder.Attribute("keepdims", 1L));
        string c = g.Op("Sub", x, Mean(x));
        string variance = Mean(g.Op("Pow", c, g.Initializer($"two{n++}", [2f])));
        string rms = g.Op("Sqrt", g.Op("Add", variance, g.Initializer($"eps{n++}", [1e-5f])));
        return g.Op("Add", g.Op("Mul", g.Op("Div", c, rms), gain), bias);
    }

    private string Linear(string x, int inputs, int outputs, bool bias)
    {
        string y = g.Op("MatMul", x, Const(inputs, outputs));
        return bias ? g.Op("Add", y, Const(outputs)) : y;
    }

    private string Const(params int[] dims) => Const(0.0, 0.4, dims);

    private string Const(double mean, double spread, params int[] dims)
    {
        var values = new float[dims.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(mean + spread * (random.NextDouble() * 2 - 1));
        return g.Initializer($"w{n++}", values, dims.Select(d => (long)d).ToArray());
    }
}
