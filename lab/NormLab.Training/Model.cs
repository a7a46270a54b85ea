using System.Numerics;
using NormLab.Training.Ops;

namespace NormLab.Training;

/// <summary>One named parameter tensor in the flat parameter buffer.</summary>
public sealed record ParamSpec(string Name, int Offset, int Rows, int Cols, bool Decay)
{
    public int Length => Rows * Cols;
}

/// <summary>A slice of a buffer (capturable, unlike a span).</summary>
public readonly record struct Seg<T>(T[] Array, int Offset, int Length)
{
    public Span<T> Span => Array.AsSpan(Offset, Length);
    public bool IsEmpty => Length == 0;
}

/// <summary>
/// The GPT-2-style decoder of <see cref="GptConfig"/> over float or double, in the llm.c way: one flat
/// parameter buffer and one gradient buffer, activations kept from <see cref="Forward"/> for
/// <see cref="Backward"/>, every op's backward written out in Ops/. All forms share one parameter
/// layout (Peri-LN adds the output norms): Pre-RMSNorm + P and Pre-CRMSNorm compute their effective
/// writers (and CRMSNorm's folded readers) from these parameters in every forward, and pull the
/// gradients back, so the parameters, losses and gradients are those of Pre-LN (SPEC "Training").
/// </summary>
public sealed class Gpt<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private sealed class Layer
    {
        public required ParamSpec G1, B1, Wqkv, Bqkv, Wo, Bo, G2, B2, Wfc, Bfc, Wproj, Bproj;
        public ParamSpec? Go1, Bo1, Go2, Bo2;
        // effective weights (aliases of the parameters where nothing is transformed) and their gradients
        public Seg<T> EWqkv, EBqkv, EWo, EBo, EWfc, EBfc, EWproj, EBproj;
        public Seg<T> DWqkv, DBqkv, DWo, DBo, DWfc, DBfc, DWproj, DBproj;
    }

    private readonly List<ParamSpec> specs = [];
    private readonly Layer[] layers;
    private readonly ParamSpec wte, wpe, gf, bf, whead;
    private Seg<T> eWte, eWpe, eHead, eHeadBias, dWte, dWpe, dHead, dHeadBias;
    private T[] eff = [], deff = [];
    private readonly bool recenter, compress;

    public GptConfig Config { get; }
    public T[] Params { get; }
    public T[] Grads { get; }
    public IReadOnlyList<ParamSpec> Specs => specs;

    public Gpt(GptConfig config)
    {
        Config = config;
        int c = config.Channels, v = config.Vocab, l = config.Layers;
        if (c % config.Heads != 0) throw new ArgumentException("channels must divide into heads");
        int offset = 0;
        ParamSpec Add(string name, int rows, int cols, bool decay)
        {
            var s = new ParamSpec(name, offset, rows, cols, decay);
            offset += s.Length;
            specs.Add(s);
            return s;
        }
        wte = Add("wte", v, c, true);
        wpe = Add("wpe", config.Context, c, true);
        layers = new Layer[l];
        for (int i = 0; i < l; i++)
        {
            string p = $"h{i}.";
            var layer = new Layer
            {
                G1 = Add(p + "ln1.g", 1, c, false), B1 = Add(p + "ln1.b", 1, c, false),
                Wqkv = Add(p + "attn.wqkv", c, 3 * c, true), Bqkv = Add(p + "attn.bqkv", 1, 3 * c, false),
                Wo = Add(p + "attn.wo", c, c, true), Bo = Add(p + "attn.bo", 1, c, false),
                G2 = Add(p + "ln2.g", 1, c, false), B2 = Add(p + "ln2.b", 1, c, false),
                Wfc = Add(p + "mlp.wfc", c, 4 * c, true), Bfc = Add(p + "mlp.bfc", 1, 4 * c, false),
                Wproj = Add(p + "mlp.wproj", 4 * c, c, true), Bproj = Add(p + "mlp.bproj", 1, c, false),
            };
            if (config.Form == NormForm.PeriLN)
            {
                layer.Go1 = Add(p + "lno1.g", 1, c, false); layer.Bo1 = Add(p + "lno1.b", 1, c, false);
                layer.Go2 = Add(p + "lno2.g", 1, c, false); layer.Bo2 = Add(p + "lno2.b", 1, c, false);
            }
            layers[i] = layer;
        }
        gf = Add("lnf.g", 1, c, false);
        bf = Add("lnf.b", 1, c, false);
        whead = Add("head", c, v, true);
        Params = new T[offset];
        Grads = new T[offset];
        recenter = config.Form is NormForm.PreRmsP or NormForm.PreCRms;
        compress = config.Form == NormForm.PreCRms;
        BindEffective();
    }

    /// <summary>GPT-2 init: N(0, 0.02), the residual projections N(0, 0.02/√(2L)), biases 0, gains 1.</summary>
    public void Initialize(ulong seed)
    {
        var rng = new Rng(seed);
        double proj = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var s in specs)
        {
            var span = P(s);
            bool gain = s.Name.EndsWith(".g", StringComparison.Ordinal);
            bool matrix = s.Decay;
            double std = s.Name.EndsWith("wo", StringComparison.Ordinal) || s.Name.EndsWith("wproj", StringComparison.Ordinal) ? proj : 0.02;
            for (int i = 0; i < span.Length; i++)
                span[i] = gain ? T.One : matrix ? T.CreateTruncating(std * rng.Normal()) : T.Zero;
        }
    }

    /// <summary>Copies parameters from a model with the same layout (another form or precision).</summary>
    public void CopyFrom<TOther>(Gpt<TOther> other) where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        foreach (var s in specs)
        {
            var o = other.Specs.FirstOrDefault(x => x.Name == s.Name) ?? throw new ArgumentException($"no {s.Name} in the source");
            var src = other.Params.AsSpan(o.Offset, o.Length);
            var dst = P(s);
            for (int i = 0; i < dst.Length; i++) dst[i] = T.CreateTruncating(src[i]);
        }
    }

    /// <summary>The one-time conversion of SPEC theorem 1: every writer W ← W·P (embeddings, W_o, b_o, W_2, b_2).</summary>
    public void RecenterWriters()
    {
        int c = Config.Channels;
        foreach (var s in Writers()) Recenter<T>.Apply(P(s), s.Rows, c);
    }

    public IEnumerable<ParamSpec> Writers()
    {
        yield return wte;
        yield return wpe;
        foreach (var l in layers) { yield return l.Wo; yield return l.Bo; yield return l.Wproj; yield return l.Bproj; }
    }

    public Span<T> P(ParamSpec s) => Params.AsSpan(s.Offset, s.Length);
    public Span<T> G(ParamSpec s) => Grads.AsSpan(s.Offset, s.Length);
    private Seg<T> PS(ParamSpec s) => new(Params, s.Offset, s.Length);
    private Seg<T> GS(ParamSpec s) => new(Grads, s.Offset, s.Length);

    private void BindEffective()
    {
        int c = Config.Channels, r = Config.Stream, v = Config.Vocab;
        int size = 0;
        var plan = new List<(int Len, Action<Seg<T>, Seg<T>> Bind)>();
        void Need(int len, Action<Seg<T>, Seg<T>> bind) { plan.Add((len, bind)); size += len; }
        if (recenter)
        {
            Need(v * r, (e, d) => (eWte, dWte) = (e, d));
            Need(Config.Context * r, (e, d) => (eWpe, dWpe) = (e, d));
            foreach (var l in layers)
            {
                Need(c * r, (e, d) => (l.EWo, l.DWo) = (e, d));
                Need(r, (e, d) => (l.EBo, l.DBo) = (e, d));
                Need(4 * c * r, (e, d) => (l.EWproj, l.DWproj) = (e, d));
                Need(r, (e, d) => (l.EBproj, l.DBproj) = (e, d));
            }
        }
        else
        {
            (eWte, dWte, eWpe, dWpe) = (PS(wte), GS(wte), PS(wpe), GS(wpe));
            foreach (var l in layers)
                (l.EWo, l.DWo, l.EBo, l.DBo, l.EWproj, l.DWproj, l.EBproj, l.DBproj) =
                    (PS(l.Wo), GS(l.Wo), PS(l.Bo), GS(l.Bo), PS(l.Wproj), GS(l.Wproj), PS(l.Bproj), GS(l.Bproj));
        }
        if (compress)
        {
            foreach (var l in layers)
            {
                Need(r * 3 * c, (e, d) => (l.EWqkv, l.DWqkv) = (e, d));
                Need(3 * c, (e, d) => (l.EBqkv, l.DBqkv) = (e, d));
                Need(r * 4 * c, (e, d) => (l.EWfc, l.DWfc) = (e, d));
                Need(4 * c, (e, d) => (l.EBfc, l.DBfc) = (e, d));
            }
            Need(r * v, (e, d) => (eHead, dHead) = (e, d));
            Need(v, (e, d) => (eHeadBias, dHeadBias) = (e, d));
        }
        else
        {
            foreach (var l in layers)
                (l.EWqkv, l.DWqkv, l.EBqkv, l.DBqkv, l.EWfc, l.DWfc, l.EBfc, l.DBfc) =
                    (PS(l.Wqkv), GS(l.Wqkv), PS(l.Bqkv), GS(l.Bqkv), PS(l.Wfc), GS(l.Wfc), PS(l.Bfc), GS(l.Bfc));
            (eHead, dHead) = (PS(whead), GS(whead));
            eHeadBias = dHeadBias = new Seg<T>([], 0, 0);
        }
        eff = new T[size];
        deff = new T[size];
        int at = 0;
        foreach (var (len, bind) in plan)
        {
            bind(new Seg<T>(eff, at, len), new Seg<T>(deff, at, len));
            at += len;
        }
    }

    private void BuildEffective()
    {
        int c = Config.Channels, v = Config.Vocab;
        if (recenter)
        {
            Recenter<T>.Forward(P(wte), v, c, compress, eWte.Span);
            Recenter<T>.Forward(P(wpe), Config.Context, c, compress, eWpe.Span);
            foreach (var l in layers)
            {
                Recenter<T>.Forward(P(l.Wo), c, c, compress, l.EWo.Span);
                Recenter<T>.Forward(P(l.Bo), 1, c, compress, l.EBo.Span);
                Recenter<T>.Forward(P(l.Wproj), 4 * c, c, compress, l.EWproj.Span);
                Recenter<T>.Forward(P(l.Bproj), 1, c, compress, l.EBproj.Span);
            }
        }
        if (compress)
        {
            foreach (var l in layers)
            {
                FoldReader<T>.Forward(P(l.G1), P(l.B1), P(l.Wqkv), P(l.Bqkv), c, 3 * c, l.EWqkv.Span, l.EBqkv.Span);
                FoldReader<T>.Forward(P(l.G2), P(l.B2), P(l.Wfc), P(l.Bfc), c, 4 * c, l.EWfc.Span, l.EBfc.Span);
            }
            FoldReader<T>.Forward(P(gf), P(bf), P(whead), [], c, v, eHead.Span, eHeadBias.Span);
        }
    }

    private void PullBack()
    {
        int c = Config.Channels, v = Config.Vocab;
        if (recenter)
        {
            Recenter<T>.Backward(dWte.Span, v, c, compress, G(wte));
            Recenter<T>.Backward(dWpe.Span, Config.Context, c, compress, G(wpe));
            foreach (var l in layers)
            {
                Recenter<T>.Backward(l.DWo.Span, c, c, compress, G(l.Wo));
                Recenter<T>.Backward(l.DBo.Span, 1, c, compress, G(l.Bo));
                Recenter<T>.Backward(l.DWproj.Span, 4 * c, c, compress, G(l.Wproj));
                Recenter<T>.Backward(l.DBproj.Span, 1, c, compress, G(l.Bproj));
            }
        }
        if (compress)
        {
            foreach (var l in layers)
            {
                FoldReader<T>.Backward(P(l.G1), P(l.B1), P(l.Wqkv), c, 3 * c, l.DWqkv.Span, l.DBqkv.Span, G(l.G1), G(l.B1), G(l.Wqkv), G(l.Bqkv));
                FoldReader<T>.Backward(P(l.G2), P(l.B2), P(l.Wfc), c, 4 * c, l.DWfc.Span, l.DBfc.Span, G(l.G2), G(l.B2), G(l.Wfc), G(l.Bfc));
            }
            FoldReader<T>.Backward(P(gf), P(bf), P(whead), c, v, dHead.Span, dHeadBias.Span, G(gf), G(bf), G(whead), []);
        }
    }

    // ---- activations ----
    private int batch, seq;
    private int[] tokens = [], targets = [];
    private T[][] resid = [], n1 = [], qkv = [], att = [], atty = [], ao = [], mid = [], n2 = [], hpre = [], hg = [], mo = [];
    private T[] nf = [], logits = [], probs = [], branch = [], dx = [], dtmp = [], dnx = [], dn = [], dqkv = [], datty = [], dh = [], dh2 = [], dlogits = [];

    /// <summary>The residual stream entering block <paramref name="layer"/> (0-based; Layers = after the last block), N × Stream.</summary>
    public ReadOnlySpan<T> Residual(int layer) => resid[layer];

    public int Rows => batch * seq;

    private void Allocate(int b, int t)
    {
        if (b == batch && t == seq) return;
        if (t > Config.Context) throw new ArgumentException($"sequence {t} exceeds the context {Config.Context}");
        (batch, seq) = (b, t);
        int n = b * t, c = Config.Channels, r = Config.Stream, l = Config.Layers, v = Config.Vocab;
        T[][] Per(int len, int count) => [.. Enumerable.Range(0, count).Select(_ => new T[len])];
        resid = Per(n * r, l + 1);
        n1 = Per(n * r, l); qkv = Per(n * 3 * c, l); att = Per(b * Config.Heads * t * t, l); atty = Per(n * c, l);
        ao = Per(n * r, l); mid = Per(n * r, l); n2 = Per(n * r, l); hpre = Per(n * 4 * c, l); hg = Per(n * 4 * c, l); mo = Per(n * r, l);
        nf = new T[n * r]; logits = new T[n * v]; probs = new T[n * v]; branch = new T[n * r];
        dx = new T[n * r]; dtmp = new T[n * r]; dnx = new T[n * r]; dn = new T[n * r]; dqkv = new T[n * 3 * c]; datty = new T[n * c];
        dh = new T[n * 4 * c]; dh2 = new T[n * 4 * c]; dlogits = new T[n * v];
    }

    private NormOp InOp => Config.Form switch
    {
        NormForm.PreRmsP or NormForm.PreRms => NormOp.RmsNorm,
        NormForm.PreCRms => NormOp.CRmsNorm,
        _ => NormOp.LayerNorm,
    };

    private T Scale(int layer) => Config.Form == NormForm.PreLNScaled ? T.One / T.Sqrt(T.CreateTruncating(layer + 1)) : T.One;

    private void NormForward(ReadOnlySpan<T> x, ParamSpec g, ParamSpec b, T scale, Span<T> y)
    {
        bool folded = compress;
        Norms<T>.Forward(InOp, x, Config.Channels, folded ? [] : P(g), folded ? [] : P(b), Config.Eps, y);
        if (scale != T.One) foreach (ref T e in y) e *= scale;
    }

    /// <summary>dx overwritten (into <paramref name="dxOut"/>); the norm's gain/bias gradients accumulate.</summary>
    private void NormBackward(ReadOnlySpan<T> x, ParamSpec g, ParamSpec b, T scale, ReadOnlySpan<T> dy, Span<T> dxOut)
    {
        bool folded = compress;
        ReadOnlySpan<T> grad = dy;
        if (scale != T.One)
        {
            var scaled = dn.AsSpan(0, dy.Length);
            for (int i = 0; i < dy.Length; i++) scaled[i] = dy[i] * scale;
            grad = scaled;
        }
        Norms<T>.Backward(InOp, x, Config.Channels, folded ? [] : P(g), grad, Config.Eps, dxOut, folded ? [] : G(g), folded ? [] : G(b));
    }

    /// <summary>
    /// Runs the model on tokens (B × T) and returns the mean cross-entropy in nats against targets.
    /// <paramref name="skip"/> (evaluation only) removes whole blocks: the stream passes them unchanged.
    /// </summary>
    public double Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> labels, int b, int t, IReadOnlyList<bool>? skip = null)
    {
        Allocate(b, t);
        tokens = inputs.ToArray();
        targets = labels.ToArray();
        BuildEffective();
        int n = b * t, c = Config.Channels, r = Config.Stream, v = Config.Vocab, nh = Config.Heads;
        Embedding<T>.Forward(resid[0], tokens, eWte.Span, eWpe.Span, b, t, r);
        for (int li = 0; li < layers.Length; li++)
        {
            var l = layers[li];
            if (skip is not null && skip[li]) { resid[li].AsSpan().CopyTo(resid[li + 1]); continue; }
            T s = Scale(li);
            NormForward(resid[li], l.G1, l.B1, s, n1[li]);
            Matmul<T>.Forward(qkv[li], n1[li], l.EWqkv.Span, l.EBqkv.Span, n, r, 3 * c);
            Attention<T>.Forward(atty[li], att[li], qkv[li], b, t, c, nh);
            Matmul<T>.Forward(ao[li], atty[li], l.EWo.Span, l.EBo.Span, n, c, r);
            ReadOnlySpan<T> br = ao[li];
            if (l.Go1 is not null)
            {
                Norms<T>.Forward(NormOp.LayerNorm, ao[li], c, P(l.Go1), P(l.Bo1!), Config.Eps, branch);
                br = branch;
            }
            Add(mid[li], resid[li], br);
            NormForward(mid[li], l.G2, l.B2, s, n2[li]);
            Matmul<T>.Forward(hpre[li], n2[li], l.EWfc.Span, l.EBfc.Span, n, r, 4 * c);
            Gelu<T>.Forward(hg[li], hpre[li]);
            Matmul<T>.Forward(mo[li], hg[li], l.EWproj.Span, l.EBproj.Span, n, 4 * c, r);
            br = mo[li];
            if (l.Go2 is not null)
            {
                Norms<T>.Forward(NormOp.LayerNorm, mo[li], c, P(l.Go2), P(l.Bo2!), Config.Eps, branch);
                br = branch;
            }
            Add(resid[li + 1], mid[li], br);
        }
        NormForward(resid[^1], gf, bf, T.One, nf);
        Matmul<T>.Forward(logits, nf, eHead.Span, eHeadBias.Span, n, r, v);
        return CrossEntropy<T>.Forward(probs, logits, targets, n, v);
    }

    /// <summary>Gradients of the last <see cref="Forward"/>'s loss into <see cref="Grads"/> (overwritten).</summary>
    public void Backward()
    {
        Array.Clear(Grads);
        Array.Clear(deff);
        int b = batch, t = seq, n = b * t, c = Config.Channels, r = Config.Stream, v = Config.Vocab, nh = Config.Heads;
        CrossEntropy<T>.Backward(dlogits, probs, targets, n, v);
        Matmul<T>.Backward(dlogits, nf, eHead.Span, dtmp, dHead.Span, dHeadBias.Span, n, r, v);
        NormBackward(resid[^1], gf, bf, T.One, dtmp, dx);
        for (int li = layers.Length - 1; li >= 0; li--)
        {
            var l = layers[li];
            T s = Scale(li);
            ReadOnlySpan<T> dbr = dx;
            if (l.Go2 is not null)
            {
                Norms<T>.Backward(NormOp.LayerNorm, mo[li], c, P(l.Go2), dx, Config.Eps, branch, G(l.Go2), G(l.Bo2!));
                dbr = branch;
            }
            Matmul<T>.Backward(dbr, hg[li], l.EWproj.Span, dh, l.DWproj.Span, l.DBproj.Span, n, 4 * c, r);
            Gelu<T>.Backward(dh2, hpre[li], dh);
            Matmul<T>.Backward(dh2, n2[li], l.EWfc.Span, dtmp, l.DWfc.Span, l.DBfc.Span, n, r, 4 * c);
            NormBackward(mid[li], l.G2, l.B2, s, dtmp, dnx);
            Vec<T>.AddTo(dx, dnx);
            dbr = dx;
            if (l.Go1 is not null)
            {
                Norms<T>.Backward(NormOp.LayerNorm, ao[li], c, P(l.Go1), dx, Config.Eps, branch, G(l.Go1), G(l.Bo1!));
                dbr = branch;
            }
            Matmul<T>.Backward(dbr, atty[li], l.EWo.Span, datty, l.DWo.Span, l.DBo.Span, n, c, r);
            Attention<T>.Backward(dqkv, datty, qkv[li], att[li], b, t, c, nh);
            Matmul<T>.Backward(dqkv, n1[li], l.EWqkv.Span, dtmp, l.DWqkv.Span, l.DBqkv.Span, n, r, 3 * c);
            NormBackward(resid[li], l.G1, l.B1, s, dtmp, dnx);
            Vec<T>.AddTo(dx, dnx);
        }
        Embedding<T>.Backward(dx, tokens, dWte.Span, dWpe.Span, b, t, r);
        PullBack();
    }

    private static void Add(Span<T> dst, ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        a.CopyTo(dst);
        Vec<T>.AddTo(dst, b);
    }
}
