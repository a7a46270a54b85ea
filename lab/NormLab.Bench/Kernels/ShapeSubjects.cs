using NormLab.Kernels;
using NormLab.Bench.Anchors;
using NormLab.Bench.Engine;
using NormLab.Bench.Workload;

namespace NormLab.Bench.Kernels;

/// <summary>
/// Everything timed at one shape, on one set of buffers: our kernels, ONNX Runtime's nodes for the
/// norms they are compared with, and the roofline streams (read, copy, scale, scale with non-temporal stores) for each distinct byte count. Disposing
/// releases the ORT sessions (the buffers go with the last reference).
/// </summary>
public sealed class ShapeSubjects : IDisposable
{
    private readonly List<OrtNormAnchor> anchors = [];

    public ShapeSubjects(IReadOnlyList<KernelUnderTest> kernels, int rows, int d, float eps, int seed)
    {
        Rows = rows;
        D = d;
        var buffers = new ShapeBuffers(rows, d, seed);
        foreach (var kernel in kernels)
            Entries.Add(new(new BenchSubject($"{kernel.Name} {rows}x{d}", kernel.Bind(buffers)), kernel.BytesMoved(rows, d), kernel, null));

        foreach (var (norm, dtype) in kernels.Where(k => k.ComparedWith is not null).Select(k => (k.ComparedWith!.Value, k.Dtype)).Distinct())
        {
            foreach (var form in norm == OrtNorm.LayerNorm ? [OrtNormForm.LayerNorm] : OrtNormForm.RmsRunnable)
            {
                // bfloat16: ORT's CPU provider may have no kernel for the op; then there is nothing to compare with (the reason is reported).
                if (dtype != Dtype.Float32 && OrtNormAnchor.WhyNotSupported(form, dtype) is not null) continue;
                var anchor = dtype switch
                {
                    Dtype.Float32 => Anchor(form, dtype, buffers.F32.X, buffers.F32.Gain, buffers.F32.Bias, buffers.F32.Y, eps),
                    Dtype.Float16 => Anchor(form, dtype, buffers.F16.X, buffers.F16.Gain, buffers.F16.Bias, buffers.F16.Y, eps),
                    _ => Anchor(form, dtype, buffers.BF16.X, buffers.BF16.Gain, buffers.BF16.Bias, buffers.BF16.Y, eps),
                };
                long bytes = Traffic.Of(dtype, 2, form.HasBias ? 2 : 1)(rows, d);
                Entries.Add(new(new BenchSubject($"ort {form.OpType}/{dtype.Name()} {rows}x{d}", anchor.Run), bytes, null,
                    new OrtEntry(norm, dtype, form)));
            }
        }

        foreach (long bytes in Entries.Select(e => e.BytesMoved).Distinct().ToArray())
        {
            var roofline = new Roofline(bytes);
            var indices = new List<int>();
            foreach (var (name, moved, run) in roofline.Streams)
            {
                if (name == "copy") Copies[bytes] = Entries.Count;
                indices.Add(Entries.Count);
                Entries.Add(new(new BenchSubject($"{name} {bytes} B", run), moved, null, null));
            }
            Rooflines[bytes] = indices.ToArray();
        }
    }

    public int Rows { get; }
    public int D { get; }
    public List<SubjectEntry> Entries { get; } = [];

    /// <summary>Index into <see cref="Entries"/> of the copy moving a given byte count.</summary>
    public Dictionary<long, int> Copies { get; } = [];

    /// <summary>Indices into <see cref="Entries"/> of the roofline streams (copy included) for a given byte count.</summary>
    public Dictionary<long, int[]> Rooflines { get; } = [];

    private OrtNormAnchor Anchor(OrtNormForm form, Dtype dtype, Array x, Array gain, Array bias, Array y, float eps)
    {
        var anchor = new OrtNormAnchor(form, dtype, x, gain, bias, y, Rows, D, eps);
        anchors.Add(anchor);
        return anchor;
    }

    public void Dispose()
    {
        foreach (var anchor in anchors) anchor.Dispose();
    }
}

/// <summary>A timed subject and what it is: one of ours (Kernel), an ORT node (Ort), or else a copy.</summary>
public sealed record SubjectEntry(BenchSubject Subject, long BytesMoved, KernelUnderTest? Kernel, OrtEntry? Ort);

public sealed record OrtEntry(OrtNorm Norm, Dtype Dtype, OrtNormForm Form);
