using NormLab.Models.Description;
using NormLab.Models.Formats.HuggingFace;

namespace NormLab.Models.Formats.Layouts;

/// <summary>
/// Binds a layout's tensor map to a checkpoint file: every neutral name gets a lazy producer that
/// reads the checkpoint tensor and transforms it; each tensor remembers its checkpoint name, so a
/// shape error names the user's own tensor (e.g. h.0.ln_1.weight).
/// </summary>
public static class LayoutBinding
{
    public static LazyTensorSet Bind(ITensorFile file, string family, IEnumerable<HfTensor> tensors)
    {
        var set = new LazyTensorSet();
        foreach (var t in tensors)
        {
            if (!file.Contains(t.Checkpoint))
                throw new InvalidDataException($"{file.Path}: {family} layout expects tensor {t.Checkpoint} (for {t.Neutral}); it is missing.");
            set.Set(t.Neutral, () => Transform(file.Read(t.Checkpoint, t.Neutral), t, file.Path));
        }
        return set;
    }

    private static Tensor Transform(Tensor t, HfTensor map, string path)
    {
        string origin = $"{path}: {map.Checkpoint}";
        switch (map.Transform)
        {
            case HfTransform.Transpose:
                if (t.Shape.Length != 2)
                    throw new InvalidDataException($"{origin}: expected a matrix to transpose (for {map.Neutral}), shape [{string.Join(", ", t.Shape)}].");
                int rows = t.Shape[0], cols = t.Shape[1];
                var data = new double[t.Data.Length];
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++) data[c * rows + r] = t.Data[r * cols + c];
                return new Tensor(t.Name, [cols, rows], data) { Origin = origin };
            case HfTransform.Squeeze:
                return new Tensor(t.Name, t.Shape.SkipWhile(s => s == 1).ToArray() is { Length: > 0 } s ? s : [1], t.Data) { Origin = origin };
            default:
                return new Tensor(t.Name, t.Shape, t.Data) { Origin = origin };
        }
    }
}
